"""The one scoping mechanism: who may see and change which records.

Every scoped model's manager is built from `ScopedQuerySet`; pages, API endpoints, exports, reports
and searches start from `Model.objects.visible_to(user)` or `.editable_by(user)` and never filter
by hand. A user's scope comes from their assignments (accounts.Assignment): a unit assignment
covers that unit and every unit below it; an organisation assignment covers that organisation and
its sub-organisations.
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import SoftDeleteQuerySet

VIEW = "view"
CHANGE = "change"


def policy():
    """The scope policy (settings.SCOPE_POLICY: accounts.policy), the one reader of assignments. core and the
    apps below accounts reach it here; they never read a user's assignments themselves."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return import_string(settings.SCOPE_POLICY)


class ScopedQuerySet(SoftDeleteQuerySet):
    """QuerySet of a record placed in a unit (fields `province`, `commune`) and owned by an organisation.

    Subclasses name the path to the owning organisation's id and, where the model has one,
    the steering member who may edit the records assigned to them.
    """

    scope_organization_field: str | None = "organization"
    scope_steering_field: str | None = None

    def _scope_q(self, user, action: str) -> Q | None:
        return policy().records_q(user, action, organization_field=self.scope_organization_field,
                                  steering_field=self.scope_steering_field)

    def visible_to(self, user):
        q = self._scope_q(user, VIEW)
        return self if q is None else self.filter(q)

    def editable_by(self, user):
        q = self._scope_q(user, CHANGE)
        return self if q is None else self.filter(q)


class AliveManager(models.Manager):
    """Default manager: hides soft-deleted records."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


def scoped_managers(queryset_class):
    """(objects, all_objects) for a soft-deletable scoped model."""
    alive = AliveManager.from_queryset(queryset_class)()
    everything = models.Manager.from_queryset(queryset_class)()
    return alive, everything


class UnitPlacedModel(models.Model):
    """A record placed in an administrative unit.

    `unit` is the unit as recorded (it may be a pre-2025 unit); `commune` and `province` are the
    current units it counts in, resolved through the lineage on save. Scoping and roll-ups use
    those two columns, so a record is never counted twice.
    """

    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("Đơn vị hành chính"), on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("Xã/phường (hiện nay)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )
    province = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("Tỉnh/thành phố (hiện nay)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )

    class Meta:
        abstract = True

    def resolve_units(self):
        if self.unit_id:
            commune, province = self.unit.current_commune_and_province()
            self.commune = commune
            self.province = province

    def save(self, *args, **kwargs):
        self.resolve_units()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"commune", "province"}
        super().save(*args, **kwargs)
