from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("federations", views.FederationViewSet, basename="federation")
router.register("societies", views.SocietyViewSet, basename="society")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")
router.register("imports", views.ImportViewSet, basename="import")
router.register("jobs", views.JobViewSet, basename="job")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's set-up script is served as a file (no inline script: the CSP forbids it).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    # Anything else under /api/ answers in JSON too (not the pages' HTML 404).
    re_path(r"^.*$", views.not_found, name="not_found"),
]
