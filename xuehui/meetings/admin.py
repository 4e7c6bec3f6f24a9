from django.contrib import admin

from .models import Meeting, Resolution


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "society",
        "kind",
        "held_on",
        "expected_attendance",
        "actual_attendance",
    ]
    list_filter = ["kind"]
    search_fields = ["title", "society__name"]
    raw_id_fields = ["society", "minutes_file"]
    inlines = [ResolutionInline]
