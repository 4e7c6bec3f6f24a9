from django.urls import path

from . import views

app_name = "pilots"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("programmes/<slug:key>/", views.programme_detail, name="programme"),
    path("society/<int:society_pk>/", views.society_pilots, name="society"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
]
