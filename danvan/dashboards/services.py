"""Domain actions of the dashboards app: who is responsible for a record, and in-app notifications
(re-linking a historic unit and re-placing its records is territory.services')."""
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from danvan.dashboards.models import Notification


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


def notify(recipient, *, title: str, body: str = "", url: str = "") -> tuple[Notification, bool]:
    """Send an in-app notification, unless one with the same link (or title) is still unread: that one is
    refreshed instead, so a daily alert never piles up."""
    title, url = title[:200], url[:500]
    same = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    existing = (same.filter(url=url) if url else same.filter(title=title, url="")).first()
    if existing is not None:
        existing.title, existing.body = title, body
        existing.save(update_fields=["title", "body"])
        return existing, False
    return Notification.objects.create(recipient=recipient, title=title, body=body, url=url), True


def mark_read(user, ids=None) -> int:
    """Mark the user's own notifications read (all unread ones when `ids` is None)."""
    qs = Notification.objects.visible_to(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
