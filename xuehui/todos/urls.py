from django.urls import path

from . import views

app_name = "todos"
urlpatterns = [
    path("", views.todo_list, name="list"),
    path("badge/", views.todo_badge, name="badge"),
]
