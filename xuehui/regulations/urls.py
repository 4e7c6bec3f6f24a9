from django.urls import path

from . import views

app_name = "regulations"
urlpatterns = [
    path("society/<int:society_pk>/", views.document_list, name="list"),
    path("society/<int:society_pk>/new/", views.document_create, name="create"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/delete/", views.document_delete, name="delete"),
]
