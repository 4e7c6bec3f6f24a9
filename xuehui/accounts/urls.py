from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/verify/", views.second_factor_verify, name="second_factor_verify"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/unmask/", views.user_unmask, name="user_unmask"),
    path("users/<int:pk>/anonymise/", views.user_anonymise, name="user_anonymise"),
    path(
        "users/<int:pk>/second-factor/reset/",
        views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("users/<int:pk>/password/", views.user_password_reset, name="user_password_reset"),
    path("users/<int:pk>/roles/new/", views.role_grant, name="role_grant"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("users/import/", views.users_import, name="users_import"),
    path("users/import/template/", views.users_import_template, name="users_import_template"),
    path("users/import/<str:token>/", views.users_import_preview, name="users_import_preview"),
    path(
        "users/import/<str:token>/confirm/",
        views.users_import_confirm,
        name="users_import_confirm",
    ),
    path("users/import/<str:token>/cancel/", views.users_import_cancel, name="users_import_cancel"),
    path("passwords/<str:token>/", views.password_file, name="password_file"),
    path(
        "users/import/jobs/<int:pk>/passwords/",
        views.users_import_passwords,
        name="users_import_passwords",
    ),
    path("log/", views.audit_log, name="audit_log"),
    path("log/export/", views.audit_log_export, name="audit_log_export"),
]
