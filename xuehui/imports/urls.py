from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("pending/<str:token>/", views.preview, name="preview"),
    path("pending/<str:token>/confirm/", views.confirm, name="confirm"),
    path("pending/<str:token>/cancel/", views.cancel, name="cancel"),
    path("pending/<str:token>/done/", views.done, name="done"),
    path("templates/<str:kind>/", views.template, name="template"),
    path("jobs/<int:pk>/", views.job_result, name="job_result"),
]
