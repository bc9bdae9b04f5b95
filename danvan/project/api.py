"""The JSON API under /api/v1/: one router for every app, tokens, the OpenAPI schema and (offline) docs.

Any other address under /api/v1/ answers a JSON 404 (not the site's HTML page), so clients always
get JSON back.
"""
from django.apps import apps
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from danvan.accounts.api.views import TokenView
from danvan.core.api.views import api_not_found
from danvan.initiatives.api.views import ExemplarViewSet, IndicatorViewSet, InitiativeViewSet, ProgressUpdateViewSet
from danvan.organizations.api.views import OrganizationViewSet
from danvan.reporting.api.views import PeriodicReportViewSet, ReportingRoundViewSet
from danvan.territory.api.views import AdminUnitViewSet

router = DefaultRouter()
router.register("units", AdminUnitViewSet, basename="api-unit")
router.register("organizations", OrganizationViewSet, basename="api-organization")
router.register("initiatives", InitiativeViewSet, basename="api-initiative")
router.register("exemplars", ExemplarViewSet, basename="api-exemplar")
router.register("indicators", IndicatorViewSet, basename="api-indicator")
router.register("progress-updates", ProgressUpdateViewSet, basename="api-progress-update")
router.register("reporting-rounds", ReportingRoundViewSet, basename="api-reporting-round")
router.register("periodic-reports", PeriodicReportViewSet, basename="api-periodic-report")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("auth/token/", TokenView.as_view(), name="api-auth-token"),
]

if apps.is_installed("drf_spectacular_sidecar"):
    # Swagger UI served from the sidecar's static files: nothing is loaded from the internet.
    from danvan.core.api.swagger import OfflineSwaggerView

    urlpatterns.append(path("docs/", OfflineSwaggerView.as_view(url_name="api-schema"), name="api-docs"))

urlpatterns += [
    path("", include(router.urls)),
    re_path(r"^.*$", api_not_found),
]
