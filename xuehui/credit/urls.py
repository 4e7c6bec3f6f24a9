from django.urls import path

from . import views

app_name = "credit"
urlpatterns = [
    path("", views.listings, name="listings"),
    path("society/<int:society_pk>/", views.society_credit, name="society"),
    path(
        "society/<int:society_pk>/commendations/new/",
        views.commendation_new,
        name="commendation_new",
    ),
    path("commendation/<int:pk>/edit/", views.commendation_edit, name="commendation_edit"),
    path("commendation/<int:pk>/delete/", views.commendation_delete, name="commendation_delete"),
    path("society/<int:society_pk>/sanctions/new/", views.sanction_new, name="sanction_new"),
    path("sanction/<int:pk>/edit/", views.sanction_edit, name="sanction_edit"),
    path("sanction/<int:pk>/delete/", views.sanction_delete, name="sanction_delete"),
    path("society/<int:society_pk>/listings/new/", views.listing_new, name="listing_new"),
    path("listing/<int:pk>/close/", views.listing_close, name="listing_close"),
]
