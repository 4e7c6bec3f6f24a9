from django.urls import path

from . import views

app_name = "finances"
urlpatterns = [
    path("society/<int:society_pk>/", views.finance_list, name="list"),
    path("society/<int:society_pk>/new/", views.finance_pages.create_view, name="create"),
    path("<int:pk>/edit/", views.finance_pages.update_view, name="edit"),
    path("<int:pk>/delete/", views.finance_pages.delete_view, name="delete"),
]
