from django.urls import path

from . import public_views as views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.directory, name="directory"),
    path("<slug:code>/notices/", views.notices, name="notices"),
    path("<slug:code>/results/", views.results, name="results"),
    path("<slug:code>/cases/", views.cases, name="cases"),
    path("<slug:code>/societies/<int:pk>/", views.society, name="society"),
    path("<slug:code>/societies/<int:pk>/reports/<int:year>/", views.report, name="report"),
    path("<slug:code>/societies/<int:pk>/feedback/", views.feedback, name="feedback"),
    path(
        "<slug:code>/societies/<int:pk>/feedback/thanks/",
        views.feedback_thanks,
        name="feedback_thanks",
    ),
]
