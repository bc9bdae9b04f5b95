"""Turns a user's assignments into a Scope (see danvan.core.scoping)."""
from danvan.accounts.models import ACCOUNT_ADMIN_ROLES, AUDITING_ROLES, MANAGING_ROLES, Assignment, Role
from danvan.accounts.policy import Scope
from danvan.territory.models import UnitLevel


def _with_descendants(org_ids: set[int]) -> set[int]:
    from danvan.organizations.models import Organization

    found = set(org_ids)
    frontier = set(org_ids)
    while frontier:
        frontier = set(
            Organization.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        ) - found
        found |= frontier
    return found


def build_scope(user) -> Scope:
    """A unit assignment covers the unit and its communes; an organisation one, its sub-organisations."""
    if user.is_superuser:
        return Scope(national_view=True, national_change=True, can_audit=True, accounts_national=True)
    assignments = list(Assignment.objects.filter(user=user).select_related("unit"))
    roles = {a.role for a in assignments}
    if Role.NATIONAL_ADMIN in roles:
        return Scope(national_view=True, national_change=True, can_audit=True, accounts_national=True)
    view = {"provinces": set(), "communes": set(), "orgs": set()}
    change = {"provinces": set(), "communes": set(), "orgs": set()}
    accounts = {"provinces": set(), "communes": set()}
    for a in assignments:
        if a.role in ACCOUNT_ADMIN_ROLES:
            # the accounts of a unit: no right on its records by itself
            if a.unit_id and not a.unit.historic:
                accounts["provinces" if a.unit.level == UnitLevel.PROVINCE else "communes"].add(a.unit_id)
            continue
        targets = [view] + ([change] if a.role in MANAGING_ROLES else [])
        for t in targets:
            if a.organization_id:
                t["orgs"].add(a.organization_id)
            elif a.unit_id and not a.unit.historic:
                key = "provinces" if a.unit.level == UnitLevel.PROVINCE else "communes"
                t[key].add(a.unit_id)
    view["orgs"] = _with_descendants(view["orgs"])
    change["orgs"] = _with_descendants(change["orgs"])
    return Scope(
        view_provinces=frozenset(view["provinces"]),
        view_communes=frozenset(view["communes"]),
        view_orgs=frozenset(view["orgs"]),
        change_provinces=frozenset(change["provinces"]),
        change_communes=frozenset(change["communes"]),
        change_orgs=frozenset(change["orgs"]),
        steering_user_id=user.pk if Role.STEERING_MEMBER in roles else None,
        can_audit=bool(roles & AUDITING_ROLES),
        accounts_provinces=frozenset(accounts["provinces"]),
        accounts_communes=frozenset(accounts["communes"]),
    )
