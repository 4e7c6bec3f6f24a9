from django.contrib import admin

from .models import AuditArchive, AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit records are read here, never added, changed or deleted (they are append-only)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "actor", "society", "address", "summary")
    list_filter = ("action",)
    search_fields = ("summary", "actor__username")
    list_select_related = ("actor", "society")
    show_full_result_count = False


@admin.register(AuditArchive)
class AuditArchiveAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "first_id", "last_id", "count", "path")
