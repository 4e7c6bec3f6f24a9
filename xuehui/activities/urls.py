from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("society/<int:society_pk>/", views.activity_list, name="list"),
    path("society/<int:society_pk>/new/", views.activity_create_view, name="create"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/delete/", views.activity_delete_view, name="delete"),
]
