from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("society/<int:society_pk>/", views.activity_list, name="list"),
    path("society/<int:society_pk>/new/", views.activity_pages.create_view, name="create"),
    path("<int:pk>/edit/", views.activity_pages.update_view, name="edit"),
    path("<int:pk>/delete/", views.activity_pages.delete_view, name="delete"),
]
