from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("society/<int:society_pk>/", views.member_overview, name="overview"),
    path("society/<int:society_pk>/profile/", views.profile_edit, name="profile_edit"),
    path("society/<int:society_pk>/individuals/", views.individual_list, name="individuals"),
    path("society/<int:society_pk>/institutions/", views.institutional_list, name="institutions"),
    path("society/<int:society_pk>/export/<str:kind>/", views.register_export, name="export"),
    path(
        "society/<int:society_pk>/export/<str:kind>/full/",
        views.register_export_full,
        name="export_full",
    ),
    path("template/<str:kind>/", views.import_template, name="import_template"),
    path("society/<int:society_pk>/import/", views.import_upload, name="import"),
    path("import/<str:token>/", views.import_preview, name="import_preview"),
    path(
        "society/<int:society_pk>/individuals/new/",
        views.individual_pages.create_view,
        name="individual_create",
    ),
    path("individual/<int:pk>/edit/", views.individual_pages.update_view, name="individual_edit"),
    path(
        "individual/<int:pk>/delete/",
        views.individual_pages.delete_view,
        name="individual_delete",
    ),
    path("individual/<int:pk>/unmask/", views.individual_unmask, name="individual_unmask"),
    path(
        "individual/<int:pk>/anonymise/",
        views.individual_anonymise,
        name="individual_anonymise",
    ),
    path(
        "society/<int:society_pk>/institutions/new/",
        views.institutional_pages.create_view,
        name="institutional_create",
    ),
    path(
        "institutional/<int:pk>/edit/",
        views.institutional_pages.update_view,
        name="institutional_edit",
    ),
    path(
        "institutional/<int:pk>/delete/",
        views.institutional_pages.delete_view,
        name="institutional_delete",
    ),
    path(
        "institutional/<int:pk>/unmask/",
        views.institutional_unmask,
        name="institutional_unmask",
    ),
    path(
        "institutional/<int:pk>/anonymise/",
        views.institutional_anonymise,
        name="institutional_anonymise",
    ),
    path("society/<int:society_pk>/stats/new/", views.stat_pages.create_view, name="stat_create"),
    path("stat/<int:pk>/edit/", views.stat_pages.update_view, name="stat_edit"),
    path("stat/<int:pk>/delete/", views.stat_pages.delete_view, name="stat_delete"),
]
