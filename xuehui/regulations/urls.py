from django.urls import path

from . import views

app_name = "regulations"
urlpatterns = [
    path("society/<int:society_pk>/", views.document_list, name="list"),
    path("society/<int:society_pk>/new/", views.document_pages.create_view, name="create"),
    path("<int:pk>/edit/", views.document_pages.update_view, name="edit"),
    path("<int:pk>/delete/", views.document_pages.delete_view, name="delete"),
]
