"""The JSON API under /api/v1/: one router for every app, the OpenAPI schema and (offline) docs."""
from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from danvan.core.api.routers import router

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

if apps.is_installed("drf_spectacular_sidecar"):
    # Swagger UI served from the sidecar's static files: nothing is loaded from the internet.
    from danvan.core.api.routers import OfflineSwaggerView

    urlpatterns.append(path("docs/", OfflineSwaggerView.as_view(url_name="api-schema"), name="api-docs"))

urlpatterns.append(path("", include(router.urls)))
