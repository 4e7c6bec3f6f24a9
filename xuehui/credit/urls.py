from django.urls import path

from . import views
from .models import Commendation, Sanction

app_name = "credit"
COMMENDATION, SANCTION = {"model": Commendation}, {"model": Sanction}
urlpatterns = [
    path("", views.listings, name="listings"),
    path("society/<int:society_pk>/", views.society_credit, name="society"),
    path(
        "society/<int:society_pk>/commendations/new/",
        views.entry_create,
        COMMENDATION,
        name="commendation_new",
    ),
    path("commendation/<int:pk>/edit/", views.entry_edit, COMMENDATION, name="commendation_edit"),
    path(
        "commendation/<int:pk>/delete/",
        views.entry_delete,
        COMMENDATION,
        name="commendation_delete",
    ),
    path(
        "society/<int:society_pk>/sanctions/new/",
        views.entry_create,
        SANCTION,
        name="sanction_new",
    ),
    path("sanction/<int:pk>/edit/", views.entry_edit, SANCTION, name="sanction_edit"),
    path("sanction/<int:pk>/delete/", views.entry_delete, SANCTION, name="sanction_delete"),
    path("society/<int:society_pk>/listings/new/", views.listing_new, name="listing_new"),
    path("listing/<int:pk>/close/", views.listing_close, name="listing_close"),
]
