from django.contrib import admin

from .models import IndividualMember, InstitutionalMember, MembershipProfile, MemberYearStat


@admin.register(MembershipProfile)
class MembershipProfileAdmin(admin.ModelAdmin):
    list_display = ["society", "congress_form", "representative_count", "register_since"]
    raw_id_fields = ["society"]


@admin.register(IndividualMember)
class IndividualMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "member_number", "society", "status", "join_date"]
    list_filter = ["status", "is_frontline"]
    search_fields = ["name", "member_number"]
    raw_id_fields = ["society"]
    exclude = ["id_number", "phone"]  # personal information stays in the masked pages


@admin.register(InstitutionalMember)
class InstitutionalMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "member_number", "society", "status", "join_date"]
    list_filter = ["status"]
    search_fields = ["name", "member_number", "uscc"]
    raw_id_fields = ["society"]


@admin.register(MemberYearStat)
class MemberYearStatAdmin(admin.ModelAdmin):
    list_display = ["society", "year", "individual_count", "institutional_count"]
    list_filter = ["year"]
    raw_id_fields = ["society"]
