"""Domain actions of the dashboards app: who is responsible for a record (notifications are the
notifications app's; re-linking a historic unit and re-placing its records is territory.services')."""
from collections import defaultdict

from django.db.models import Count



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
