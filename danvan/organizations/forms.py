from django.utils.translation import gettext_lazy as _

from danvan.core.forms import VersionedModelForm
from danvan.core.scoping import CHANGE, policy
from danvan.organizations.models import Organization
from danvan.territory.models import AdminUnit


def units_editable_by(user):
    """Current units where the user may create organisations."""
    return policy().units(user, CHANGE)


class OrganizationForm(VersionedModelForm):
    class Meta:
        model = Organization
        fields = ["name", "kind", "unit", "parent"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if policy().is_national(user, CHANGE):
            # 3,321 communes do not fit a phone's select: a national admin picks provinces here.
            self.fields["unit"].queryset = AdminUnit.objects.current().order_by("level", "sort_key")
        else:
            self.fields["unit"].queryset = units_editable_by(user).order_by("level", "sort_key")
        self.fields["parent"].queryset = Organization.objects.editable_by(user).order_by("sort_key")
        self.fields["parent"].required = False
        self.fields["unit"].label = _("Đơn vị hành chính")
