from django.urls import path

from . import views

app_name = "societies"
urlpatterns = [
    path("", views.society_list, name="list"),
    path("export/", views.society_export, name="export"),
    path("new/", views.society_create, name="create"),
    path("import/", views.society_import, name="import"),
    path("<int:pk>/", views.society_detail, name="detail"),
    path("<int:pk>/edit/", views.society_edit, name="edit"),
    path("<int:pk>/history/", views.society_history, name="history"),
]
