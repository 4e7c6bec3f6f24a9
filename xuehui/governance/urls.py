from django.urls import path

from . import views

app_name = "governance"
society = "societies/<int:society_pk>/"
urlpatterns = [
    path(f"{society}council/", views.council, name="council"),
    path(f"{society}terms/new/", views.term_create_view, name="term_create"),
    path(f"{society}terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path(
        f"{society}terms/<int:term_pk>/positions/new/",
        views.position_create,
        name="position_create",
    ),
    path(f"{society}positions/<int:pk>/edit/", views.position_edit, name="position_edit"),
    path(f"{society}positions/<int:pk>/end/", views.position_end_view, name="position_end"),
    path(
        f"{society}positions/<int:pk>/delete/", views.position_delete_view, name="position_delete"
    ),
    path(f"{society}people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(f"{society}people/<int:pk>/unmask/", views.person_unmask, name="person_unmask"),
    path(
        f"{society}people/<int:pk>/anonymise/",
        views.person_anonymise_view,
        name="person_anonymise",
    ),
    path(f"{society}roster/import/", views.roster_import, name="roster_import"),
    path(f"{society}terms/<int:term_pk>/roster.xlsx", views.roster_export, name="roster_export"),
    path(
        f"{society}terms/<int:term_pk>/roster/full/",
        views.roster_export_full,
        name="roster_export_full",
    ),
    path("people/shared/", views.shared_people, name="shared_people"),
]
