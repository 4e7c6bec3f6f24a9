from django.contrib import admin

from .models import PlanStep, PlanTask, Problem, ProgressUpdate, WorkPlan


class ProblemInline(admin.TabularInline):
    model = Problem
    extra = 0
    raw_id_fields = ["item"]


class PlanTaskInline(admin.TabularInline):
    model = PlanTask
    extra = 0
    fields = ["position", "title", "deadline", "responsible", "status", "percent"]
    show_change_link = True


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "entry", "status", "submitted_at", "approved_at"]
    list_filter = ["status", "entry__campaign"]
    search_fields = ["entry__society__name", "title"]
    raw_id_fields = ["entry", "created_by", "submitted_by", "returned_by", "approved_by"]
    inlines = [ProblemInline, PlanTaskInline]


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    extra = 0


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["recorded_at", "percent", "status", "note", "recorded_by"]
    readonly_fields = fields


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "deadline", "responsible", "status", "percent"]
    list_filter = ["status"]
    search_fields = ["title", "plan__entry__society__name"]
    raw_id_fields = ["plan"]
    filter_horizontal = []
    autocomplete_fields = []
    exclude = ["items"]
    inlines = [PlanStepInline, ProgressUpdateInline]
