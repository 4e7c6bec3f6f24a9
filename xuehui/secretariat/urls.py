from django.urls import path

from . import views

app_name = "secretariat"
urlpatterns = [
    path("society/<int:society_pk>/", views.secretariat_page, name="society"),
    path("society/<int:society_pk>/profile/", views.profile_edit, name="profile_edit"),
    path("society/<int:society_pk>/staff/new/", views.staff_pages.create_view, name="staff_create"),
    path("staff/<int:pk>/edit/", views.staff_pages.update_view, name="staff_edit"),
    path("staff/<int:pk>/delete/", views.staff_pages.delete_view, name="staff_delete"),
    path(
        "society/<int:society_pk>/offices/new/",
        views.office_pages.create_view,
        name="office_create",
    ),
    path("office/<int:pk>/edit/", views.office_pages.update_view, name="office_edit"),
    path("office/<int:pk>/delete/", views.office_pages.delete_view, name="office_delete"),
]
