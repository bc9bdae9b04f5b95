"""The offline Swagger UI page (the router of every endpoint is the project's: danvan.project.api)."""
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView


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
