from django.contrib import admin

from .models import RuleDocument


@admin.register(RuleDocument)
class RuleDocumentAdmin(admin.ModelAdmin):
    list_display = ["name", "society", "kind", "adopted_on", "repealed_on"]
    list_filter = ["kind"]
    search_fields = ["name", "society__name"]
    raw_id_fields = ["society", "file"]
