from danvan.core.api.views import ScopedViewSet, with_search_alias
from danvan.organizations import services
from danvan.organizations.api.serializers import OrganizationSerializer
from danvan.organizations.filtersets import OrganizationFilterSet
from danvan.organizations.models import Organization


class OrganizationViewSet(ScopedViewSet):
    """Organisations that own initiatives. Filters: `q`/`search`, `unit`, `kind`, `parent`."""

    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = with_search_alias(OrganizationFilterSet)
    select_related_fields = ("unit", "commune", "province", "parent")

    def create_object(self, data):
        return services.create_organization(Organization(**data), user=self.request.user)

    def update_object(self, obj, expected_version):
        return services.update_organization(obj, expected_version=expected_version, user=self.request.user)
