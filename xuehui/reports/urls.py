from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("late/", views.report_late, name="late"),
    path("outstanding/", views.outstanding, name="outstanding"),
    path("settings/<int:pk>/edit/", views.setting_edit, name="setting_edit"),
    path("federation/<int:pk>/export/", views.federation_export, name="federation_export"),
    path("society/<int:society_pk>/", views.society_reports, name="society"),
    path("society/<int:society_pk>/<int:year>/", views.report_detail, name="report"),
    path("society/<int:society_pk>/<int:year>/edit/", views.report_edit, name="edit"),
    path(
        "society/<int:society_pk>/<int:year>/cover/add/", views.report_cover_add, name="cover_add"
    ),
    path("society/<int:society_pk>/<int:year>/submit/", views.report_submit, name="submit"),
    path("society/<int:society_pk>/<int:year>/accept/", views.report_accept, name="accept"),
    path("society/<int:society_pk>/<int:year>/return/", views.report_return, name="return"),
    path(
        "society/<int:society_pk>/<int:year>/document.<str:fmt>",
        views.report_document,
        name="document",
    ),
]
