from django.contrib import admin

from .models import SubsidyCategory, SubsidyProgramme


class CategoryInline(admin.TabularInline):
    model = SubsidyCategory
    extra = 0


@admin.register(SubsidyProgramme)
class SubsidyProgrammeAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "year", "federation", "budget")
    inlines = [CategoryInline]
