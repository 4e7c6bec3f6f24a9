from django.urls import path

from . import views

app_name = "branches"
urlpatterns = [
    path("society/<int:society_pk>/", views.branch_page, name="society"),
    path("society/<int:society_pk>/new/", views.branch_pages.create_view, name="branch_create"),
    path("<int:pk>/edit/", views.branch_pages.update_view, name="branch_edit"),
    path("<int:pk>/delete/", views.branch_pages.delete_view, name="branch_delete"),
    path("<int:branch_pk>/reports/new/", views.report_create, name="report_create"),
    path("report/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("report/<int:pk>/delete/", views.report_delete, name="report_delete"),
]
