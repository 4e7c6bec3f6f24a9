from django.contrib import admin

from .models import Office, SecretariatProfile, StaffMember


@admin.register(SecretariatProfile)
class SecretariatProfileAdmin(admin.ModelAdmin):
    list_display = ["society", "has_own_bank_account", "website", "wechat_account"]
    raw_id_fields = ["society"]


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "society", "post", "contract_start", "contract_end"]
    list_filter = ["has_social_insurance", "is_party_member", "is_finance_staff"]
    search_fields = ["name"]
    raw_id_fields = ["society"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["address", "society", "area_m2", "source", "facilities_owned"]
    list_filter = ["source"]
    raw_id_fields = ["society"]
