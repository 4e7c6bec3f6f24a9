from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("federations", views.FederationViewSet, basename="federation")
router.register("societies", views.SocietyViewSet, basename="society")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")
router.register("imports", views.ImportViewSet, basename="import")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's set-up script is served as a file (no inline script: the CSP forbids it).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
]
