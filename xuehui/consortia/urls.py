from django.urls import path

from . import views

app_name = "consortia"
urlpatterns = [
    path("", views.consortium_list, name="list"),
    path("new/", views.consortium_create, name="create"),
    path("<int:pk>/", views.consortium_detail, name="detail"),
    path("<int:pk>/edit/", views.consortium_edit, name="edit"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("member/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/activities/add/", views.activity_add, name="activity_add"),
    path("activity/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("society/<int:society_pk>/", views.society_consortia, name="society"),
]
