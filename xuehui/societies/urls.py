from django.urls import path

from . import views

app_name = "societies"
urlpatterns = [
    path("", views.society_list, name="list"),
    path("export/", views.society_export, name="export"),
    path("new/", views.society_create, name="create"),
    path("import/", views.society_import, name="import"),
    path("federations/", views.federation_list, name="federations"),
    path("federations/new/", views.federation_create_view, name="federation_create"),
    path("federations/<int:pk>/edit/", views.federation_edit, name="federation_edit"),
    path(
        "federations/<int:pk>/deactivate/",
        views.federation_deactivate_view,
        name="federation_deactivate",
    ),
    path(
        "federations/<int:pk>/reactivate/",
        views.federation_reactivate_view,
        name="federation_reactivate",
    ),
    path("<int:pk>/", views.society_detail, name="detail"),
    path("<int:pk>/edit/", views.society_edit, name="edit"),
    path("<int:pk>/history/", views.society_history, name="history"),
]
