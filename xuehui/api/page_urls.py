from django.urls import path

from . import pages

app_name = "api_tokens"
urlpatterns = [
    path("", pages.token_list, name="list"),
    path("managed/", pages.token_managed, name="managed"),
    path("<int:pk>/revoke/", pages.token_revoke_view, name="revoke"),
]
