from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("", views.framework_list, name="frameworks"),
    path("frameworks/<slug:key>/", views.framework_detail, name="framework"),
    path("frameworks/<slug:key>/source/", views.framework_source, name="framework_source"),
    path("frameworks/<slug:key>/adoption/", views.framework_adoption, name="framework_adoption"),
    path(
        "frameworks/<slug:key>/requirements/<str:ref>/",
        views.requirement_detail,
        name="requirement",
    ),
    path("compare/", views.compare, name="compare"),
    path("overview/", views.overview, name="overview"),
    path("overview/recompute/", views.overview_recompute, name="overview_recompute"),
    path("overview/card/", views.overview_card, name="overview_card"),
    path("society/<int:society_pk>/", views.society_index, name="society"),
    path("society/<int:society_pk>/<slug:key>/", views.society_framework, name="society_framework"),
    path(
        "society/<int:society_pk>/<slug:key>/tasks/<str:group>/",
        views.task_choice,
        name="task_choice",
    ),
    path("precheck/", views.precheck, name="precheck"),
]
