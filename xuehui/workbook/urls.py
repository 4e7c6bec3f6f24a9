from django.urls import path

from . import views

app_name = "workbook"
urlpatterns = [
    path("society/<int:society_pk>/year/", views.year_overview_card, name="year_overview"),
]
