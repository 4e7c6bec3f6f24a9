from django.contrib import admin

from .models import Campaign, CampaignEntry, ExpertAssignment, Transition


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "federation", "status", "facts_on", "assessment_year", "launched_at"]
    list_filter = ["status", "federation"]
    search_fields = ["name"]
    readonly_fields = ["created_by", "created_at", "launched_at", "closed_at"]


@admin.register(CampaignEntry)
class CampaignEntryAdmin(admin.ModelAdmin):
    list_display = ["society", "campaign", "state", "state_changed_at"]
    list_filter = ["state", "campaign"]
    search_fields = ["society__name"]
    list_select_related = ["society", "campaign"]
    readonly_fields = ["campaign", "society", "state", "state_changed_at", "evaluated_at"]


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(admin.ModelAdmin):
    list_display = ["expert", "campaign", "society", "requirement_prefix", "assigned_at"]
    list_select_related = ["expert", "campaign", "society"]


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    """Read-only: the log changes only through the services (a revert is a new transition)."""

    list_display = ["entry", "item", "from_state", "to_state", "actor", "at"]
    list_select_related = ["entry__society", "item__requirement", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
