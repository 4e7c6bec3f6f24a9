from django.contrib import admin

from .models import Branch, BranchReport


class BranchReportInline(admin.TabularInline):
    model = BranchReport
    extra = 0


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "society", "kind", "filed_on", "head_name", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["name"]
    raw_id_fields = ["society"]
    inlines = [BranchReportInline]
