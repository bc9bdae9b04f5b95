"""The scope policy: the one reader of assignments, and the one answer to every "may this user …?" question.

A user's scope is built once per request from their assignments (accounts.scopes.build_scope) and read only
here. Everything else asks a question of this module, through `core.scoping.policy()` (core and the layers below
accounts cannot import it) or directly:

* records: `records_q(user, action, ...)` — what `Model.objects.visible_to(user)` / `.editable_by(user)` filter
  on (core.scoping.ScopedQuerySet asks it);
* units: `is_national`, `covers_unit`, `province_ids` / `commune_ids`, `units`, `unit_choices`;
* organisations and people: `organization_ids`, `organization_units`, `steering_members_for`;
* who is told: `staff_of_units`, `report_writers`, `round_reviewers` (notifications);
* places: `may_place_in_unit` (organisations), `may_issue_for` / `may_report_on` (documents);
* rounds: `rounds_q`, `overseen_provinces`, `may_open_round`, `openable_provinces`;
* the audit log: `can_audit`; imports: `can_create_records`;
* accounts: `may_administer_accounts`, `administrable_users`, `may_administer`, `may_grant`, `grantable_roles`,
  `account_units`, `account_organizations`;
* the workflow rules (`may_recognise`, `may_submit_report`, …), named by the machines.

A new role or action is a rule here; `project/tests/test_policy_owner.py` fails when a permission is read from
the scope or the assignments anywhere else.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

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
    # whose accounts the user administers: every account (national), or those of these units and below
    accounts_national: bool = False
    accounts_provinces: frozenset = field(default_factory=frozenset)
    accounts_communes: frozenset = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.national_view or self.view_provinces or self.view_communes or self.view_orgs)


def _scope(user) -> Scope:
    """The user's scope, computed once per request and remembered on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_danvan_scope", None)
    if cached is None:
        from danvan.accounts.scopes import build_scope

        cached = user._danvan_scope = build_scope(user)
    return cached


def forget(user) -> None:
    """Forget the remembered scope (after the user's assignments changed)."""
    if hasattr(user, "_danvan_scope"):
        del user._danvan_scope


def _parts(scope: Scope, action: str):
    if action == VIEW:
        return scope.national_view, scope.view_provinces, scope.view_communes, scope.view_orgs
    return scope.national_change, scope.change_provinces, scope.change_communes, scope.change_orgs


# --------------------------------------------------------------------------------------------------- records

def records_q(user, action: str, *, organization_field: str | None = "organization",
              steering_field: str | None = None, province_field: str = "province_id",
              commune_field: str = "commune_id") -> Q | None:
    """The condition on a placed record (resolved province/commune, owning organisation) for `action`; None when
    the user covers the nation. A unit assignment covers its unit and the communes below it; an organisation
    assignment covers it and its sub-organisations; a steering member changes what is assigned to them."""
    scope = _scope(user)
    national, provinces, communes, orgs = _parts(scope, action)
    if national:
        return None
    q = Q(pk__in=[])
    if provinces:
        q |= Q(**{f"{province_field}__in": sorted(provinces)})
    if communes:
        q |= Q(**{f"{commune_field}__in": sorted(communes)})
    if orgs and organization_field:
        q |= Q(**{f"{organization_field}__in": sorted(orgs)})
    if action == CHANGE and scope.steering_user_id and steering_field:
        assigned = Q(**{steering_field: scope.steering_user_id})
        visible = records_q(user, VIEW, organization_field=organization_field, province_field=province_field,
                            commune_field=commune_field)
        q |= assigned if visible is None else assigned & visible
    return q


# --------------------------------------------------------------------------------------------------- units

def is_national(user, action: str = VIEW) -> bool:
    return _parts(_scope(user), action)[0]


def has_scope(user) -> bool:
    return not _scope(user).is_empty


def province_ids(user, action: str = VIEW) -> frozenset:
    """The provinces whose every record the user covers (not meaningful for national users: see is_national)."""
    return _parts(_scope(user), action)[1]


def commune_ids(user, action: str = VIEW) -> frozenset:
    """The communes the user covers by a commune assignment (those of their provinces are not listed)."""
    return _parts(_scope(user), action)[2]


def covers_unit(user, unit, action: str = VIEW) -> bool:
    """Every record of `unit` (None: the nation) lies in the unit part of the user's scope. A historic unit is
    covered through the current unit it became."""
    national, provinces, communes, _orgs = _parts(_scope(user), action)
    if national:
        return True
    if unit is None:
        return False
    from danvan.territory.models import UnitLevel

    current = unit.current_unit() if unit.historic else unit
    if current.historic:
        return False
    if current.level == UnitLevel.PROVINCE:
        return current.pk in provinces
    return current.pk in communes or current.province_id in provinces


def units(user, action: str = VIEW):
    """The current units (provinces and communes) the user covers, as a queryset."""
    from danvan.territory.models import AdminUnit, UnitLevel

    national, provinces, communes, _orgs = _parts(_scope(user), action)
    current = AdminUnit.objects.current()
    if national:
        return current
    return current.filter(Q(pk__in=sorted(provinces | communes))
                          | Q(province__in=sorted(provinces), level=UnitLevel.COMMUNE))


def unit_choices(user) -> list[tuple[int, str]]:
    """Provinces (all, for national users) or the user's provinces with their communes, or their communes: what a
    unit select box offers (short enough for a phone)."""
    from danvan.territory.models import AdminUnit

    national, provinces_seen, communes_seen, _orgs = _parts(_scope(user), VIEW)
    provinces = AdminUnit.objects.provinces()
    if not national:
        provinces = provinces.filter(pk__in=provinces_seen)
    choices = []
    province_list = list(provinces.order_by("sort_key").only("pk", "name"))
    for p in province_list:
        choices.append((p.pk, p.name))
        if not national:
            for c in AdminUnit.objects.communes().filter(province=p).order_by("sort_key").only("pk", "name"):
                choices.append((c.pk, f"— {c.name}"))
    if not national and communes_seen:
        shown = {pk for pk, _name in choices}
        for c in (AdminUnit.objects.filter(pk__in=communes_seen).exclude(pk__in=shown)
                  .order_by("sort_key").only("pk", "name")):
            choices.append((c.pk, c.name))
    return choices


def may_place_in_unit(user, unit) -> bool:
    """An organisation may be created in (or moved to) a current unit the user changes."""
    return unit is not None and not unit.historic and covers_unit(user, unit, CHANGE)


# --------------------------------------------------------------------------------------------------- organisations, people

def organization_ids(user, action: str = VIEW) -> frozenset:
    return _parts(_scope(user), action)[3]


def organization_units(user) -> set[int]:
    """The communes/provinces of the organisations in the user's scope."""
    from danvan.organizations.models import Organization

    orgs = organization_ids(user)
    if not orgs:
        return set()
    found = set()
    for commune_id, province_id in Organization.objects.filter(pk__in=sorted(orgs)).values_list(
            "commune_id", "province_id"):
        found.add(commune_id or province_id)
    return found - {None}


def steering_members_for(user):
    """The steering-committee members a user may assign to an initiative: those of the units they see."""
    from django.contrib.auth import get_user_model

    from danvan.accounts.models import Role

    national, provinces, communes, _orgs = _parts(_scope(user), VIEW)
    members = get_user_model().objects.filter(assignments__role=Role.STEERING_MEMBER, is_active=True)
    if not national:
        members = members.filter(assignments__unit__in=set(provinces) | set(communes)) | members.filter(
            assignments__unit__province__in=provinces)
    return members.distinct().order_by("last_name", "first_name", "username")


def staff_of_units(unit_ids) -> list[tuple[int, int]]:
    """(user id, unit id) of the active Ban Dân vận staff assigned to these units: who answers for their records."""
    from danvan.accounts.models import Assignment, Role

    return list(Assignment.objects.filter(role=Role.MASS_MOBILIZATION_STAFF, unit_id__in=sorted(unit_ids),
                                          user__is_active=True)
                .values_list("user_id", "unit_id").distinct().order_by("user_id", "unit_id"))


def report_writers(unit_ids) -> list[int]:
    """Who is told to write and hand in the reports of these units: their own Ban Dân vận staff (a commune's in a
    province round, a province's in a national round)."""
    return sorted({user_id for user_id, _unit in staff_of_units(unit_ids)})


def round_reviewers(round_) -> list[int]:
    """Who is told that a report of this round was handed in: the staff of the issuing province; for a national
    round, the national administrators."""
    if round_.issuing_unit_id is not None:
        return report_writers([round_.issuing_unit_id])
    from danvan.accounts.models import Assignment, Role

    return sorted(set(Assignment.objects.filter(role=Role.NATIONAL_ADMIN, user__is_active=True)
                      .values_list("user_id", flat=True)))


def may_edit_territory(user) -> bool:
    """Territory is reference data loaded from the official lists: only a superuser changes it."""
    return user is not None and user.is_authenticated and user.is_superuser


def can_audit(user) -> bool:
    return _scope(user).can_audit


def can_create_records(user) -> bool:
    """May change some records of their scope (e.g. may import)."""
    national, provinces, communes, orgs = _parts(_scope(user), CHANGE)
    return bool(national or provinces or communes or orgs)


# --------------------------------------------------------------------------------------------------- documents

def may_report_on(user, unit) -> bool:
    """A user produces the reports of the units their unit assignments cover (a historic unit through the unit
    it became); national viewers of every unit and the nation."""
    return covers_unit(user, unit, VIEW)


def may_issue_for(user, unit) -> bool:
    """Who gives a unit's paper its number: who changes records at that level (its staff, national staff)."""
    return covers_unit(user, unit, CHANGE)


# --------------------------------------------------------------------------------------------------- rounds

def rounds_q(user, action: str) -> Q | None:
    """Rounds: changed by the issuing level (its province's staff; national staff for national rounds); seen
    also by the units that report in them (the caller adds those)."""
    national, provinces, _communes, _orgs = _parts(_scope(user), action)
    if national:
        return None
    return Q(issuing_unit_id__in=sorted(provinces)) if provinces else Q(pk__in=[])


def overseen_provinces(user) -> frozenset | None:
    """The provinces whose rounds the user oversees (sees every unit's report); None: all (national)."""
    national, provinces, _c, _o = _parts(_scope(user), VIEW)
    return None if national else provinces


def openable_provinces(user) -> frozenset | None:
    """The provinces the user may open rounds for; None: the nation and every province."""
    national, provinces, _c, _o = _parts(_scope(user), CHANGE)
    return None if national else provinces


# --------------------------------------------------------------------------------------------------- workflow rules

def may_change(user, obj) -> bool:
    """The record lies in what the user may change (the one scoping mechanism: `editable_by`)."""
    noted = getattr(obj, "_danvan_may_change", None)
    if noted is not None and noted[0] == getattr(user, "pk", None):
        return noted[1]  # answered for a whole page at once (note_may_change)
    model = type(obj)
    manager = getattr(model, "all_objects", model._default_manager)
    return manager.editable_by(user).filter(pk=obj.pk).exists()


def note_may_change(user, objs) -> None:
    """Answer `may_change` for a page of records of one model in one query (a list's or the API's allowed
    actions per row), remembered on each record for this user."""
    objs = [obj for obj in objs if obj.pk is not None]
    if not objs:
        return
    model = type(objs[0])
    manager = getattr(model, "all_objects", model._default_manager)
    changeable = set(manager.editable_by(user).filter(pk__in=[obj.pk for obj in objs]).values_list("pk", flat=True))
    for obj in objs:
        obj._danvan_may_change = (getattr(user, "pk", None), obj.pk in changeable)


def may_change_initiative(user, initiative) -> bool:
    """Every lifecycle step but recognition: whoever may change the initiative (Ban Dân vận staff and
    organisation reporters of its scope, the steering member assigned to it)."""
    return may_change(user, initiative)


def may_recognise(user, initiative) -> bool:
    """Recognising an initiative is for the level that recognises: those who change records at the level of the
    initiative's province (its Ban Dân vận staff) or nationally, never a commune editor, a steering member or an
    organisation's reporter."""
    national, provinces, _c, _o = _parts(_scope(user), CHANGE)
    return national or (initiative.province_id is not None and initiative.province_id in provinces)


def may_open_round(user, issuing_unit) -> bool:
    """Province staff open reporting rounds for their province; national staff for the nation or any province."""
    allowed = openable_provinces(user)
    return allowed is None or (issuing_unit is not None and issuing_unit.pk in allowed)


def may_submit_report(user, report) -> bool:
    """A report is written and handed in by its own unit: who changes records and is assigned to the report's unit
    itself (a commune's staff for its report, a province's staff for the province's report in a national round),
    never by the level above that reviews it."""
    _national, provinces, communes, _orgs = _parts(_scope(user), CHANGE)
    return report.unit_id in (provinces | communes) and may_change(user, report)


def may_review_report(user, report) -> bool:
    """Only the level that opened the round (its staff, or national staff) accepts or returns its reports."""
    return may_close_round(user, report.round)


def may_close_round(user, round_) -> bool:
    """A round is closed by the level that opened it."""
    return may_change(user, round_)


def may_handle_import(user, job) -> bool:
    """An import job is confirmed, checked again or cancelled only by the person who uploaded it."""
    return user is not None and user.is_authenticated and job.user_id == user.pk


def may_operate(user) -> bool:
    """The operator page (/van-hanh/: queue depth, failed jobs and their retry, replica lag, Redis and database
    status): the installation's technical staff (Django's staff flag) and administrators."""
    return user is not None and user.is_authenticated and (user.is_staff or user.is_superuser)


def system_only(user, obj) -> bool:
    """Steps only the system takes (the background worker): no signed-in user may."""
    return False


# --------------------------------------------------------------------------------------------------- accounts

def _accounts_scope(user):
    scope = _scope(user)
    return scope.accounts_national, scope.accounts_provinces, scope.accounts_communes


def may_administer_accounts(user) -> bool:
    """National administrators (and superusers) administer every account; an account administrator those of
    their unit (a province: its communes and the organisations placed in them)."""
    national, provinces, communes = _accounts_scope(user)
    return bool(national or provinces or communes)


def _assignments_in_scope_q(user) -> Q | None:
    """The assignments an account administrator may see, give and take away; None: every one (national)."""
    from danvan.accounts.models import Role

    national, provinces, communes = _accounts_scope(user)
    if national:
        return None
    if not (provinces or communes):
        return Q(pk__in=[])
    provinces, communes = sorted(provinces), sorted(communes)
    where = (Q(unit_id__in=provinces) | Q(unit__province_id__in=provinces) | Q(unit_id__in=communes)
             | Q(organization__province_id__in=provinces) | Q(organization__commune_id__in=communes))
    return where & ~Q(role=Role.NATIONAL_ADMIN)


def administrable_users(user):
    """The accounts `user` may list, change, lock and give a password to: every one for a national
    administrator (a superuser's only for a superuser); for an account administrator, the accounts whose every
    assignment lies in their unit (an account with one assignment elsewhere belongs to that other level too, and
    is administered above). Never the user's own account (their profile is for that), never a Django staff
    account (those are run in the Django admin)."""
    from django.contrib.auth import get_user_model

    from danvan.accounts.models import Assignment

    users = get_user_model().objects.all()
    if user is None or not getattr(user, "is_authenticated", False) or not may_administer_accounts(user):
        return users.none()
    users = users.exclude(pk=user.pk)
    if not user.is_superuser:
        users = users.exclude(is_superuser=True)
    q = _assignments_in_scope_q(user)
    if q is None:
        return users
    users = users.exclude(is_staff=True)
    outside = Assignment.objects.exclude(q).values("user_id")
    inside = Assignment.objects.filter(q).values("user_id")
    return users.filter(pk__in=inside).exclude(pk__in=outside)


def may_administer(user, target) -> bool:
    """May `user` change `target`'s account (details, assignments, lock, password)?"""
    return target is not None and administrable_users(user).filter(pk=target.pk).exists()


def may_create_accounts(user) -> bool:
    return may_administer_accounts(user)


def grantable_roles(user) -> list:
    """The roles an administrator may give: never more than they have (a national administrator only by a
    national administrator)."""
    from danvan.accounts.models import Role

    national, _p, _c = _accounts_scope(user)
    return [role for role in Role if national or role != Role.NATIONAL_ADMIN]


def account_units(user):
    """The current units an account administrator may assign people to."""
    from danvan.territory.models import AdminUnit, UnitLevel

    national, provinces, communes = _accounts_scope(user)
    current = AdminUnit.objects.current().filter(level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE])
    if national:
        return current
    return current.filter(Q(pk__in=sorted(provinces | communes))
                          | Q(province__in=sorted(provinces), level=UnitLevel.COMMUNE))


def account_organizations(user):
    """The organisations an account administrator may assign people to (those placed in their units)."""
    from danvan.organizations.models import Organization

    national, provinces, communes = _accounts_scope(user)
    orgs = Organization.objects.all()
    if national:
        return orgs
    return orgs.filter(Q(province_id__in=sorted(provinces)) | Q(commune_id__in=sorted(communes)))


def may_grant(user, role, unit=None, organization=None) -> bool:
    """May `user` give this assignment? The role is one they may give, and its unit or organisation lies in the
    part of the country whose accounts they administer."""
    from danvan.accounts.models import Role

    if role not in grantable_roles(user):
        return False
    national, _p, _c = _accounts_scope(user)
    if national:
        return True
    if role == Role.NATIONAL_ADMIN:
        return False
    if organization is not None:
        return account_organizations(user).filter(pk=organization.pk).exists()
    if unit is not None:
        return account_units(user).filter(pk=unit.pk).exists()
    return False
