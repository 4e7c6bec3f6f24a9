from django.contrib import admin

from .models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "society", "kind", "start_on", "level", "role"]
    list_filter = ["kind", "level", "role", "in_science_week"]
    search_fields = ["title", "society__name"]
    raw_id_fields = ["society", "evidence"]
