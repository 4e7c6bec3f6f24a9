from django.contrib import admin

from .models import PilotMembership, PilotProgramme


class MembershipInline(admin.TabularInline):
    model = PilotMembership
    extra = 0
    autocomplete_fields = ()
    raw_id_fields = ("society",)


@admin.register(PilotProgramme)
class PilotProgrammeAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "federation", "framework")
    inlines = [MembershipInline]
