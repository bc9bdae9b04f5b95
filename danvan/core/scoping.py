"""The one scoping mechanism: who may see and change which records.

Every scoped model's manager is built from `ScopedQuerySet`; pages, API endpoints, exports, reports
and searches start from `Model.objects.visible_to(user)` or `.editable_by(user)` and never filter
by hand. A user's scope comes from their assignments (accounts.Assignment): a unit assignment
covers that unit and every unit below it; an organisation assignment covers that organisation and
its sub-organisations.
"""
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import SoftDeleteQuerySet

VIEW = "view"
CHANGE = "change"


@dataclass(frozen=True)
class Scope:
    national_view: bool = False
    national_change: bool = False
    view_provinces: frozenset = field(default_factory=frozenset)
    view_communes: frozenset = field(default_factory=frozenset)
    view_orgs: frozenset = field(default_factory=frozenset)
    change_provinces: frozenset = field(default_factory=frozenset)
    change_communes: frozenset = field(default_factory=frozenset)
    change_orgs: frozenset = field(default_factory=frozenset)
    steering_user_id: int | None = None
    can_audit: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.national_view or self.view_provinces or self.view_communes or self.view_orgs)


def _scope_builder():
    # The app that owns assignments builds scopes (settings.SCOPE_BUILDER); core imports no app.
    from django.conf import settings
    from django.utils.module_loading import import_string

    return import_string(settings.SCOPE_BUILDER)


def get_scope(user) -> Scope:
    """The user's scope, computed once per request and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_danvan_scope", None)
    if cached is None:
        cached = _scope_builder()(user)
        user._danvan_scope = cached
    return cached


def forget_scope(user) -> None:
    if hasattr(user, "_danvan_scope"):
        del user._danvan_scope


class ScopedQuerySet(SoftDeleteQuerySet):
    """QuerySet of a record placed in a unit (fields `province`, `commune`) and owned by an organisation.

    Subclasses name the path to the owning organisation's id and, where the model has one,
    the steering member who may edit the records assigned to them.
    """

    scope_organization_field: str | None = "organization"
    scope_steering_field: str | None = None

    def _scope_q(self, user, action: str) -> Q | None:
        scope = get_scope(user)
        if action == VIEW and scope.national_view or action == CHANGE and scope.national_change:
            return None
        provinces = scope.view_provinces if action == VIEW else scope.change_provinces
        communes = scope.view_communes if action == VIEW else scope.change_communes
        orgs = scope.view_orgs if action == VIEW else scope.change_orgs
        q = Q(pk__in=[])
        if provinces:
            q |= Q(province_id__in=sorted(provinces))
        if communes:
            q |= Q(commune_id__in=sorted(communes))
        if orgs and self.scope_organization_field:
            q |= Q(**{f"{self.scope_organization_field}__in": sorted(orgs)})
        if action == CHANGE and scope.steering_user_id and self.scope_steering_field:
            # A steering member edits what is assigned to them, within what they may see.
            assigned = Q(**{self.scope_steering_field: scope.steering_user_id})
            visible = self._scope_q(user, VIEW)
            q |= assigned if visible is None else assigned & visible
        return q

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
