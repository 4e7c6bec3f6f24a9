from django.urls import path

from . import views

app_name = "finances"
urlpatterns = [
    path("society/<int:society_pk>/", views.finance_list, name="list"),
    path("society/<int:society_pk>/new/", views.finance_create, name="create"),
    path("<int:pk>/edit/", views.finance_edit, name="edit"),
    path("<int:pk>/delete/", views.finance_delete, name="delete"),
]
