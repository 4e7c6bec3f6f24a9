from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("societies/", views.society_import, name="society_import"),
    path("societies/<int:society_pk>/roster/", views.roster_import, name="roster_import"),
    path(
        "societies/<int:society_pk>/terms/<int:term_pk>/roster.xlsx",
        views.roster_export,
        name="roster_export",
    ),
    path("pending/<str:token>/", views.preview, name="preview"),
    path("pending/<str:token>/confirm/", views.confirm, name="confirm"),
    path("pending/<str:token>/cancel/", views.cancel, name="cancel"),
    path("pending/<str:token>/done/", views.done, name="done"),
    path("templates/<str:kind>/", views.template, name="template"),
    path("jobs/<int:pk>/", views.job_result, name="job_result"),
]
