"""The JSON API under /api/v1/: one router for every app, tokens, the OpenAPI schema and (offline) docs.

Any other address under /api/v1/ answers a JSON 404 (not the site's HTML page), so clients always
get JSON back.
"""
from django.apps import apps
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from danvan.accounts.api.views import TokenView
from danvan.core.api.routers import router
from danvan.core.api.views import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("auth/token/", TokenView.as_view(), name="api-auth-token"),
]

if apps.is_installed("drf_spectacular_sidecar"):
    # Swagger UI served from the sidecar's static files: nothing is loaded from the internet.
    from danvan.core.api.routers import OfflineSwaggerView

    urlpatterns.append(path("docs/", OfflineSwaggerView.as_view(url_name="api-schema"), name="api-docs"))

urlpatterns += [
    path("", include(router.urls)),
    re_path(r"^.*$", api_not_found),
]
