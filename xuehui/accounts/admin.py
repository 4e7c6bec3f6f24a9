from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["federation", "society"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "full_name",
        "email",
        "is_active",
        "must_change_password",
        "is_staff",
    ]
    list_filter = ["is_active", "must_change_password", "is_staff", "role_assignments__role"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("平台信息", {"fields": ["full_name", "phone", "must_change_password"]}),
    ]
    inlines = [RoleAssignmentInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "federation", "society", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "society__name"]
    raw_id_fields = ["user", "federation", "society"]
