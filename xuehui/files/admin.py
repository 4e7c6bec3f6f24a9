from django.contrib import admin

from .models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "society", "kind", "size", "purpose", "uploaded_at"]
    list_filter = ["kind", "purpose"]
    search_fields = ["original_name", "sha256"]
    raw_id_fields = ["society", "uploaded_by"]
    readonly_fields = ["sha256", "size", "content_type", "kind", "file"]
