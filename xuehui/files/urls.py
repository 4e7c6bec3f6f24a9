from django.urls import path

from . import views

app_name = "files"
urlpatterns = [
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/preview/", views.preview, name="preview"),
]
