from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("society/<int:society_pk>/", views.meeting_list, name="list"),
    path("society/<int:society_pk>/new/", views.meeting_pages.create_view, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_pages.update_view, name="edit"),
    path("<int:pk>/delete/", views.meeting_pages.delete_view, name="delete"),
    path("<int:meeting_pk>/resolutions/new/", views.resolution_create, name="resolution_create"),
    path("resolutions/<int:pk>/edit/", views.resolution_edit, name="resolution_edit"),
    path("resolutions/<int:pk>/delete/", views.resolution_delete_view, name="resolution_delete"),
]
