from django.urls import path

from . import views

app_name = "subsidies"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_new, name="programme_new"),
    path("programme/<int:pk>/", views.programme_detail, name="programme"),
    path("programme/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programme/<int:pk>/categories/new/", views.category_new, name="category_new"),
    path("programme/<int:pk>/apply/", views.application_new, name="application_new"),
    path("programme/<int:pk>/allocate/", views.allocation_refresh, name="allocation_refresh"),
    path("programme/<int:pk>/ledger.xlsx", views.ledger, name="ledger"),
    path("category/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("application/<int:pk>/", views.application_detail, name="application"),
    path("application/<int:pk>/decision/", views.decision_edit, name="decision_edit"),
    path("application/<int:pk>/payments/new/", views.payment_add, name="payment_add"),
    path("society/<int:society_pk>/", views.society_subsidies, name="society"),
]
