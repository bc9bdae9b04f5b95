from danvan.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, ObjectRestoreView
from danvan.organizations import services
from danvan.organizations.filtersets import OrganizationFilterSet
from danvan.organizations.forms import OrganizationForm
from danvan.organizations.models import Organization
from danvan.organizations.tables import OrganizationTable


class OrganizationListView(ObjectListView):
    model = Organization
    filterset_class = OrganizationFilterSet
    table_class = OrganizationTable
    create_url_name = "organizations:organization_add"
    import_url_name = "imports:start"
    export_name = "to-chuc"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "unit__province", "parent")


class OrganizationDetailView(ObjectDetailView):
    model = Organization
    template_name = "organizations/organization_detail.html"

    def extra_context(self, obj):
        return {
            "children": Organization.objects.visible_to(self.request.user).filter(parent=obj),
            # through the reverse relation: organisations sit below the registry and do not import it
            "initiative_count": obj.initiatives.visible_to(self.request.user).count(),
        }


class OrganizationEditView(ObjectEditView):
    model = Organization
    form_class = OrganizationForm

    def save(self, form, obj):
        org = form.save(commit=False)
        if obj is None:
            return services.create_organization(org, user=self.request.user)
        return services.update_organization(org, expected_version=form.expected_version, user=self.request.user)


class OrganizationDeleteView(ObjectDeleteView):
    model = Organization


class OrganizationRestoreView(ObjectRestoreView):
    model = Organization
