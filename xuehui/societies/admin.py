from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Federation, Society


@admin.register(Federation)
class FederationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code"]


@admin.register(Society)
class SocietyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "uscc", "category", "federation", "host_institution", "status"]
    list_filter = ["category", "status", "federation", "is_synthetic"]
    search_fields = ["name", "uscc"]
    list_select_related = ["federation"]
