from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("federation/<int:pk>/", views.federation, name="federation"),
    path("federation/<int:pk>/xlsx/", views.federation_xlsx, name="federation_xlsx"),
    path("federation/<int:pk>/explanation/", views.explanation_edit, name="explanation_edit"),
    path("society/<int:society_pk>/", views.society, name="society"),
    path("society/<int:society_pk>/xlsx/", views.society_xlsx, name="society_xlsx"),
]
