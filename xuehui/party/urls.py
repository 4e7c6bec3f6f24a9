from django.urls import path

from . import views

app_name = "party"
urlpatterns = [
    path("society/<int:society_pk>/", views.party_page, name="society"),
    path(
        "society/<int:society_pk>/new/",
        views.organisation_pages.create_view,
        name="organisation_create",
    ),
    path("<int:pk>/edit/", views.organisation_pages.update_view, name="organisation_edit"),
    path("<int:pk>/delete/", views.organisation_pages.delete_view, name="organisation_delete"),
]
