from django.urls import path

from . import views

app_name = "workbook"
urlpatterns = [
    path("blank/", views.workbook_blank, name="blank"),
    path("society/<int:society_pk>/", views.workbook_page, name="society"),
    path("society/<int:society_pk>/export/", views.workbook_export, name="export"),
    path("society/<int:society_pk>/export/full/", views.workbook_export_full, name="export_full"),
    path("society/<int:society_pk>/year/", views.year_overview_card, name="year_overview"),
    path("pending/<str:token>/", views.workbook_preview, name="preview"),
    path("pending/<str:token>/confirm/", views.workbook_confirm, name="confirm"),
    path("pending/<str:token>/cancel/", views.workbook_cancel, name="cancel"),
    path("pending/<str:token>/done/", views.workbook_done, name="done"),
]
