"""Domain actions of the dashboards app: re-linking a historic unit, who is responsible for a record
(notifications themselves are the notifications app's)."""
from collections import defaultdict

from django.apps import apps
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext as _

from danvan.core.exceptions import DomainError
from danvan.core.scoping import UnitPlacedModel
from danvan.dashboards import aggregates
from danvan.territory.models import AdminUnit, UnitLineage


# ---------------------------------------------------------------------------------------------------
# Lineage
# ---------------------------------------------------------------------------------------------------
def relink_unit(old: AdminUnit, new: AdminUnit) -> AdminUnit:
    """Make `new` the primary successor of the historic unit `old`; records of `old` (and of the historic
    units that roll up through it) are re-resolved into `new` and the dashboard cells follow."""
    if not old.historic:
        raise DomainError(_("Chỉ đơn vị cũ (trước 2025) mới có đơn vị kế thừa."))
    if new.historic:
        raise DomainError(_("Đơn vị kế thừa phải là đơn vị hiện hành."))
    with transaction.atomic():
        UnitLineage.objects.filter(old=old).exclude(new=new).update(is_primary=False)
        link, created = UnitLineage.objects.get_or_create(old=old, new=new, defaults={"is_primary": True})
        if not created and not link.is_primary:
            link.is_primary = True
            link.save(update_fields=["is_primary"])
        old.successor = new
        old.save(update_fields=["successor"])  # the unit signal below re-resolves the records
    return old


def rolled_up_through(unit: AdminUnit) -> list[int]:
    """`unit` and every historic unit whose chain of successors passes through it."""
    found, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = set(AdminUnit.objects.filter(historic=True, successor_id__in=frontier)
                       .values_list("pk", flat=True)) - found
        found |= frontier
    return sorted(found)


def reresolve_records(unit: AdminUnit) -> int:
    """Recompute the current commune/province of every record placed in `unit` or in a historic unit
    rolling up through it (after a lineage or parent change); returns how many records were updated."""
    unit_ids = rolled_up_through(unit)
    resolved = {u.pk: u.current_commune_and_province()
                for u in AdminUnit.objects.filter(pk__in=unit_ids).select_related("successor")}
    updated = 0
    with transaction.atomic():
        for model in apps.get_models():
            if not issubclass(model, UnitPlacedModel):
                continue
            manager = getattr(model, "all_objects", model._default_manager)
            records = manager.filter(unit_id__in=unit_ids)
            kind = aggregates.MODELS.get(model)
            tracking = aggregates.track(kind, records) if kind else transaction.atomic()
            with tracking:
                for pk, (commune, province) in resolved.items():
                    # A derived column, as on save(): no version bump, no audit entry.
                    updated += manager.filter(unit_id=pk).update(commune=commune, province=province)
    return updated


_UNIT_FIELDS = ("successor_id", "province_id", "parent_id", "level", "historic")


def _unit_before(sender, instance, raw=False, **kwargs):
    instance._dashboards_unit = (
        AdminUnit.objects.filter(pk=instance.pk).values(*_UNIT_FIELDS).first() if instance.pk and not raw else None
    )


def _unit_after(sender, instance, created=False, raw=False, **kwargs):
    old = getattr(instance, "_dashboards_unit", None)
    if raw or created or old is None:
        return
    if any(old[f] != getattr(instance, f) for f in _UNIT_FIELDS):
        reresolve_records(instance)


def connect() -> None:
    pre_save.connect(_unit_before, sender=AdminUnit, dispatch_uid="dashboards-unit-pre")
    post_save.connect(_unit_after, sender=AdminUnit, dispatch_uid="dashboards-unit-post")


# ---------------------------------------------------------------------------------------------------
# Responsibility and notifications
# ---------------------------------------------------------------------------------------------------
def responsible(records) -> dict[int, list[tuple[str, int, int]]]:
    """Who answers for these records (initiatives, reports): the Ban Dân vận staff (mm_staff) of each
    record's commune and of its province, and the steering member assigned to it (initiatives).

    Returns {user id: [(list filter, value, count)]}: the filter that narrows a list to that user's share
    ("unit" or "steering_member") and how many records it holds."""
    from danvan.accounts import policy

    per_unit = defaultdict(int)
    for commune_id, province_id, n in records.order_by().values_list("commune_id", "province_id").annotate(
            n=Count("id")):
        for unit_id in {commune_id, province_id} - {None}:
            per_unit[unit_id] += n
    out = defaultdict(list)
    for user_id, unit_id in policy.staff_of_units(per_unit):
        out[user_id].append(("unit", unit_id, per_unit[unit_id]))
    if any(f.name == "steering_member" for f in records.model._meta.get_fields()):
        steering = (records.order_by().exclude(steering_member=None).filter(steering_member__is_active=True)
                    .values_list("steering_member_id").annotate(n=Count("id")))
        for user_id, n in steering:
            out[user_id].append(("steering_member", user_id, n))
    return dict(out)


def responsible_users(initiative) -> set[int]:
    """Ids of the users responsible for one initiative (the rule of `responsible`)."""
    return set(responsible(type(initiative).all_objects.filter(pk=initiative.pk)))
