"""Every API endpoint registered in one router, plus the offline Swagger UI page."""
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

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


def _sidecar(path: str) -> str:
    from django.templatetags.static import static

    return static(f"drf_spectacular_sidecar/swagger-ui-dist/{path}")


class OfflineSwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from local static files whatever SPECTACULAR_SETTINGS say (the intranet has no CDN).

    The split view serves its start-up script from `?script`, so the page has no inline script and keeps the
    site's Content-Security-Policy (templates/drf_spectacular/swagger_ui.html has no inline style either).
    """

    @staticmethod
    def _swagger_ui_resource(filename):
        return _sidecar(filename)

    @staticmethod
    def _swagger_ui_favicon():
        return _sidecar("favicon-32x32.png")

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if "settings" in response.data:  # the start-up script (?script)
            # Swagger UI would otherwise send the schema to validator.swagger.io for its badge.
            response.data["settings"] = self._dump({"deepLinking": True, "validatorUrl": None})
        return response
