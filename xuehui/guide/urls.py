from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [
    path("", views.index, name="index"),
    path("roles/<slug:slug>/", views.role, name="role"),
    path("imports/<int:number>/", views.import_help, name="import"),
]
