from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("xuehui.dashboard.urls")),
    path("accounts/", include("xuehui.accounts.urls")),
    path("societies/", include("xuehui.societies.urls")),
    path("governance/", include("xuehui.governance.urls")),
    path("imports/", include("xuehui.imports.urls")),
    path("django-admin/", admin.site.urls),
]
