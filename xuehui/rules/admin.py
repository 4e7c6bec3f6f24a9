from django.contrib import admin

from .models import (
    EvaluationRun,
    Framework,
    FrameworkAdoption,
    FrameworkVersion,
    Requirement,
    TaskChoice,
)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = (
        "key",
        "title",
        "issuer",
        "document_number",
        "jurisdiction_level",
        "effective_on",
        "version",
    )
    readonly_fields = [
        f.name for f in Framework._meta.fields
    ]  # frameworks change only by loading files


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("framework", "version", "loaded_at", "sha256")
    readonly_fields = ("framework", "version", "content", "sha256", "loaded_at")


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ("version", "key", "title", "obligation", "decision", "clause")
    list_filter = ("version__framework", "obligation", "decision")
    search_fields = ("key", "title", "excerpt")


@admin.register(EvaluationRun)
class EvaluationRunAdmin(admin.ModelAdmin):
    list_display = ("version", "on", "society_count", "created_at", "created_by")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changed only through the audited services (the framework page, the compliance page)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FrameworkAdoption)
class FrameworkAdoptionAdmin(ReadOnlyAdmin):
    list_display = ("federation", "framework", "binding", "updated_at", "updated_by")
    list_filter = ("binding", "framework")


@admin.register(TaskChoice)
class TaskChoiceAdmin(ReadOnlyAdmin):
    list_display = ("society", "framework", "group_key", "task_keys", "updated_at")
    list_filter = ("framework",)
