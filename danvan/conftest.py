"""Test fixtures in one place: a small territory, organisations, and one user per role.

The world: province P1 with communes A and B, province P2 with commune C; an old commune
"Xã Phổng Lái" that became A. Each commune has a People's Committee and a Farmers' Association.
"""
import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from danvan.accounts.models import Assignment, Role
from danvan.initiatives.models import Exemplar, Field, Initiative
from danvan.initiatives.services import create_exemplar, register_initiative
from danvan.organizations.models import Organization, OrganizationKind
from danvan.territory.models import AdminUnit, UnitKind, UnitLevel, UnitLineage

PASSWORD = "matkhau-thu-123"


def make_unit(code, name, kind, level, parent=None, historic=False, successor=None):
    unit = AdminUnit(
        code=code, name=name, short_name=name.split(" ", 1)[1] if " " in name else name, kind=kind, level=level,
        historic=historic, parent=parent, successor=successor,
        valid_from=None if historic else datetime.date(2025, 7, 1),
    )
    unit.save()
    unit.province = unit if level == UnitLevel.PROVINCE else (parent.province if parent else None)
    unit.save()
    return unit


def make_user(username, role=None, unit=None, organization=None, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        Assignment.objects.create(user=user, role=role, unit=unit, organization=organization)
    return user


@pytest.fixture
def world(db):
    p1 = make_unit("14", "Tỉnh Sơn La", UnitKind.PROVINCE, UnitLevel.PROVINCE)
    p2 = make_unit("66", "Tỉnh Đắk Lắk", UnitKind.PROVINCE, UnitLevel.PROVINCE)
    a = make_unit("04000", "Xã Phổng Lái Mới", UnitKind.COMMUNE, UnitLevel.COMMUNE, parent=p1)
    b = make_unit("04100", "Xã Mường Bú", UnitKind.COMMUNE, UnitLevel.COMMUNE, parent=p1)
    c = make_unit("24000", "Phường Buôn Ma Thuột", UnitKind.WARD, UnitLevel.COMMUNE, parent=p2)
    old_p1 = make_unit("14", "Tỉnh Sơn La", UnitKind.OLD_PROVINCE, UnitLevel.PROVINCE, historic=True, successor=p1)
    old_district = make_unit("119", "Huyện Thuận Châu", UnitKind.DISTRICT, UnitLevel.DISTRICT, parent=old_p1,
                             historic=True, successor=p1)
    old_a = make_unit("03997", "Xã Phổng Lái", UnitKind.OLD_COMMUNE, UnitLevel.COMMUNE, parent=old_district,
                      historic=True, successor=a)
    UnitLineage.objects.create(old=old_a, new=a, is_primary=True)
    orgs = {}
    for key, unit in {"p1": p1, "a": a, "b": b, "c": c}.items():
        orgs[key] = Organization.objects.create(
            kind=OrganizationKind.PEOPLES_COMMITTEE, name=f"Uỷ ban nhân dân {unit.short_name}", unit=unit,
        )
        orgs[key + "_farmers"] = Organization.objects.create(
            kind=OrganizationKind.FARMERS, name=f"Hội Nông dân {unit.short_name}", unit=unit,
            parent=None,
        )
    users = SimpleNamespace(
        admin=make_user("quantri", Role.NATIONAL_ADMIN),
        province_staff=make_user("bdv_tinh", Role.MASS_MOBILIZATION_STAFF, unit=p1),
        staff_a=make_user("bdv_a", Role.MASS_MOBILIZATION_STAFF, unit=a),
        staff_b=make_user("bdv_b", Role.MASS_MOBILIZATION_STAFF, unit=b),
        staff_c=make_user("bdv_c", Role.MASS_MOBILIZATION_STAFF, unit=c),
        reporter_a=make_user("hnd_a", Role.ORGANIZATION_REPORTER, organization=orgs["a_farmers"]),
        steering_a=make_user("bcd_a", Role.STEERING_MEMBER, unit=a, first_name="Lò Văn", last_name="Minh"),
        leader_p1=make_user("lanhdao", Role.LEADER, unit=p1),
        auditor_p1=make_user("kiemtra", Role.AUDITOR, unit=p1),
        nobody=make_user("khongphancong"),
    )
    records = {}
    for key, unit in {"a": a, "b": b, "c": c}.items():
        ini = Initiative(
            title=f"Dân vận khéo trong thu gom rác thải ở {unit.short_name}", field=Field.CULTURE_SOCIETY,
            organization=orgs[key], year=2025,
        )
        records[key] = register_initiative(ini, submit=True)
        records[key + "_exemplar"] = create_exemplar(Exemplar(
            name=f"Ông Lò Văn {key.upper()}", field=Field.ECONOMY, organization=orgs[key], unit=unit, year=2025,
        ))
    records["a_farmers"] = register_initiative(
        Initiative(title="Mô hình sen – cá", field=Field.ECONOMY, organization=orgs["a_farmers"], year=2024),
        submit=True,
    )
    return SimpleNamespace(
        p1=p1, p2=p2, a=a, b=b, c=c, old_a=old_a, old_district=old_district, old_p1=old_p1,
        orgs=orgs, users=users, records=records,
    )


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs ~0.2 s per test user; tests check behaviour, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
