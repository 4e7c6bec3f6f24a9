from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Identity, Person, Position, Term


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["society", "number", "start_on", "planned_end_on", "ended_on"]
    search_fields = ["society__name"]
    list_select_related = ["society"]


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "gender", "birth_date"]
    # Derived from the ID number: nothing to edit by hand.
    readonly_fields = ["id_number", "birth_date", "gender"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "society", "gender", "birth_date", "employer"]
    search_fields = ["name", "employer", "society__name"]
    list_select_related = ["society"]
    raw_id_fields = ["society", "identity"]
    # The ID number and phone stay out of the list; they show only on a person's own form.


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["person", "office", "society", "term", "start_on", "end_on"]
    list_filter = ["office"]
    search_fields = ["person__name", "society__name"]
    list_select_related = ["person", "society", "term"]
    raw_id_fields = ["person", "term"]
