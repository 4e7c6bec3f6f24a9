from django.contrib import admin

from .models import FinanceYear


@admin.register(FinanceYear)
class FinanceYearAdmin(admin.ModelAdmin):
    list_display = ["society", "year", "total_expenditure", "net_assets", "is_audited"]
    list_filter = ["year", "is_audited", "is_disclosed"]
    search_fields = ["society__name"]
    raw_id_fields = ["society"]
