"""The JSON API under /api/v1/: one router for every app, the OpenAPI schema and (offline) docs."""
from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from danvan.core.api.routers import router

# Choice sets shared by several serializers get one stable name each in the OpenAPI schema
# (otherwise drf-spectacular invents names like "KindD7cEnum" and warns). Mirror of
# SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"], so the served schema is right whatever the settings.
ENUM_NAME_OVERRIDES = {
    "InitiativeStatusEnum": "danvan.initiatives.models.Status",
    "FieldEnum": "danvan.initiatives.models.Field",
    "CollectiveOrIndividualEnum": "danvan.initiatives.models.ExemplarKind",  # also Initiative.scope
    "MeasureUnitEnum": "danvan.initiatives.models.MeasureUnit",
    "OrganizationKindEnum": "danvan.organizations.models.OrganizationKind",
    "UnitKindEnum": "danvan.territory.models.UnitKind",
    "UnitLevelEnum": "danvan.territory.models.UnitLevel",
}
SCHEMA_SETTINGS = {"ENUM_NAME_OVERRIDES": ENUM_NAME_OVERRIDES}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(custom_settings=SCHEMA_SETTINGS), name="api-schema"),
]

if apps.is_installed("drf_spectacular_sidecar"):
    # Swagger UI served from the sidecar's static files: nothing is loaded from the internet.
    from danvan.core.api.routers import OfflineSwaggerView

    urlpatterns.append(path("docs/", OfflineSwaggerView.as_view(url_name="api-schema"), name="api-docs"))

urlpatterns.append(path("", include(router.urls)))
