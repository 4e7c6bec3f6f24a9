from django.contrib import admin

from .models import PartyOrganisation


@admin.register(PartyOrganisation)
class PartyOrganisationAdmin(admin.ModelAdmin):
    list_display = ["society", "form", "established_on", "secretary_name", "dissolved_on"]
    list_filter = ["form"]
    raw_id_fields = ["society"]
