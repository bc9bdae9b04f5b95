"""Accounts a province runs (issue 12, item 7): a province's account administrator lists, creates, changes and
locks the accounts of its province only, gives only the rights it may give, and every change is in the history.
"""
import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from danvan.accounts import policy
from danvan.accounts.models import Assignment, Role
from danvan.conftest import PASSWORD, make_user

User = get_user_model()
NEW_PASSWORD = "Đồng-lòng vì dân 2026"


@pytest.fixture
def admins(world):
    """An account administrator for each province, and an account in province P2 (commune C)."""
    return {
        "p1": make_user("qt_sonla", Role.ACCOUNT_ADMIN, unit=world.p1, first_name="Cầm Thị", last_name="Hoa"),
        "p2": make_user("qt_daklak", Role.ACCOUNT_ADMIN, unit=world.p2),
    }


def test_a_province_administrator_lists_only_its_provinces_accounts(world, admins, client):
    client.force_login(admins["p1"])
    body = client.get(reverse("accounts:account_list")).content.decode()
    for user in (world.users.staff_a, world.users.staff_b, world.users.province_staff, world.users.reporter_a,
                 world.users.steering_a, world.users.leader_p1):
        assert reverse("accounts:account_detail", args=[user.pk]) in body, user.username
    for user in (world.users.staff_c, world.users.admin, admins["p2"], world.users.nobody, admins["p1"]):
        assert reverse("accounts:account_detail", args=[user.pk]) not in body, user.username
    assert "Lò Văn Minh" in body  # full names, not login names


def test_another_provinces_accounts_are_not_found_by_any_id(world, admins, client):
    client.force_login(admins["p1"])
    c = world.users.staff_c
    assignment_c = Assignment.objects.get(user=c)
    for name in ("account_detail", "account_edit", "account_password"):
        assert client.get(reverse(f"accounts:{name}", args=[c.pk])).status_code == 404, name
    posts = [
        ("account_edit", c.pk, {"full_name": "Kẻ Lạ", "email": ""}),
        ("account_active", c.pk, {"active": "0"}),
        ("account_password", c.pk, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
        ("account_reset_link", c.pk, {}),
        ("assignment_add", c.pk, {"role": Role.MASS_MOBILIZATION_STAFF, "unit": world.a.pk}),
        ("assignment_remove", assignment_c.pk, {}),
        # the national administrator is administered nationally only
        ("account_active", world.users.admin.pk, {"active": "0"}),
    ]
    for name, pk, data in posts:
        assert client.post(reverse(f"accounts:{name}", args=[pk]), data).status_code == 404, name
    c.refresh_from_db()
    assert c.is_active and c.check_password(PASSWORD) and c.get_full_name() == ""
    assert Assignment.objects.filter(pk=assignment_c.pk).exists()
    assert not Assignment.objects.filter(user=c, unit=world.a).exists()
    world.users.admin.refresh_from_db()
    assert world.users.admin.is_active


def test_users_without_the_role_may_not_administer(world, admins, client):
    for user in (world.users.staff_a, world.users.province_staff, world.users.leader_p1):
        client.force_login(user)
        assert client.get(reverse("accounts:account_list")).status_code == 403
        assert client.get(reverse("accounts:account_detail", args=[world.users.staff_b.pk])).status_code == 403
    assert not policy.may_administer(world.users.province_staff, world.users.staff_a)


def test_the_national_administrator_administers_every_account(world, admins):
    admin = world.users.admin
    assert policy.may_administer(admin, world.users.staff_c) and policy.may_administer(admin, admins["p1"])
    assert not policy.may_administer(admin, admin)  # their own account: the profile page
    assert Role.NATIONAL_ADMIN in policy.grantable_roles(admin)
    root = User.objects.create_superuser("goc", password=PASSWORD)
    assert not policy.may_administer(admin, root)  # a superuser's account: only a superuser's business
    assert policy.may_administer(root, admin)


def test_an_account_with_an_assignment_elsewhere_is_administered_above(world, admins):
    mixed = make_user("hai_tinh", Role.LEADER, unit=world.a)
    Assignment.objects.create(user=mixed, role=Role.LEADER, unit=world.c)
    assert not policy.may_administer(admins["p1"], mixed) and not policy.may_administer(admins["p2"], mixed)
    assert policy.may_administer(world.users.admin, mixed)


def _create(client, world, **extra):
    data = {"username": "bdv.muongbu2", "full_name": "Lường Văn  Tám", "email": "tam@example.vn",
            "role": Role.MASS_MOBILIZATION_STAFF, "unit": world.b.pk, "organization": "",
            "password1": "", "password2": "", **extra}
    return client.post(reverse("accounts:account_create"), data)


def test_a_province_administrator_creates_an_account_in_its_province(world, admins, client):
    client.force_login(admins["p1"])
    page = client.get(reverse("accounts:account_create")).content.decode()
    assert world.b.name in page and world.c.name not in page and f'value="{Role.NATIONAL_ADMIN}"' not in page
    response = _create(client, world, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="bdv.muongbu2")
    assert user.get_full_name() == "Lường Văn Tám" and user.first_name == "Lường Văn"
    assert list(user.assignments.values_list("role", "unit")) == [(Role.MASS_MOBILIZATION_STAFF, world.b.pk)]
    assert policy.may_administer(admins["p1"], user)
    detail = client.get(response["Location"]).content.decode()
    assert "Lường Văn Tám" in detail and "Cầm Thị Hoa" in detail  # the history names the administrator
    assert "phải đổi mật khẩu tạm thời" in detail
    assert "Toàn quyền hệ thống" not in detail  # a new account's "superuser: no" is not news


def test_a_province_administrator_cannot_give_more_than_it_has(world, admins, client):
    client.force_login(admins["p1"])
    refused = [
        {"unit": world.c.pk},  # another province's commune
        {"unit": world.p2.pk},
        {"unit": "", "organization": world.orgs["c"].pk},  # another province's organisation
        {"role": Role.NATIONAL_ADMIN, "unit": ""},  # a national administrator
    ]
    for extra in refused:
        response = _create(client, world, **extra)
        assert response.status_code == 200, extra
        assert response.context["form"].errors, extra
    assert not User.objects.filter(username="bdv.muongbu2").exists()
    # the same through an existing account's assignments
    target = world.users.staff_b
    for data in ({"role": Role.LEADER, "unit": world.c.pk}, {"role": Role.NATIONAL_ADMIN}):
        response = client.post(reverse("accounts:assignment_add", args=[target.pk]), data)
        assert response.status_code == 200 and response.context["assignment_form"].errors, data
    assert list(target.assignments.values_list("role", flat=True)) == [Role.MASS_MOBILIZATION_STAFF]
    # the policy says the same to any caller
    assert not policy.may_grant(admins["p1"], Role.LEADER, unit=world.c)
    assert not policy.may_grant(admins["p1"], Role.NATIONAL_ADMIN)
    assert policy.may_grant(admins["p1"], Role.LEADER, organization=world.orgs["a_farmers"])


def test_a_bad_form_answers_in_vietnamese(world, admins, client):
    client.force_login(admins["p1"])
    response = _create(client, world, username="Bùi Văn", unit="", full_name="")
    errors = " ".join(str(e) for errs in response.context["form"].errors.values() for e in errs)
    assert "Tên đăng nhập chỉ gồm" in errors and "Cần chọn đơn vị hành chính hoặc tổ chức" in errors
    response = _create(client, world, username=world.users.staff_a.username)
    assert "đã có người dùng" in " ".join(response.context["form"].errors["username"])
    response = _create(client, world, unit="abc")
    assert response.status_code == 200 and response.context["form"].errors["unit"]


def test_edit_lock_assign_and_the_readable_history(world, admins, client):
    client.force_login(admins["p1"])
    target = world.users.staff_b
    assert client.post(reverse("accounts:account_edit", args=[target.pk]),
                       {"full_name": "Quàng Văn Bình", "email": "binh@example.vn"}).status_code == 302
    assert client.post(reverse("accounts:assignment_add", args=[target.pk]),
                       {"role": Role.STEERING_MEMBER, "unit": world.b.pk}).status_code == 302
    first = target.assignments.get(role=Role.MASS_MOBILIZATION_STAFF)
    assert client.post(reverse("accounts:assignment_remove", args=[first.pk])).status_code == 302
    assert client.post(reverse("accounts:account_active", args=[target.pk]), {"active": "0"}).status_code == 302
    target.refresh_from_db()
    assert not target.is_active and target.get_full_name() == "Quàng Văn Bình"
    assert list(target.assignments.values_list("role", flat=True)) == [Role.STEERING_MEMBER]
    # the last assignment cannot be taken away by a province (lock the account instead)
    last = target.assignments.get()
    client.post(reverse("accounts:assignment_remove", args=[last.pk]))
    assert target.assignments.exists()

    entries = LogEntry.objects.filter(actor=admins["p1"])
    assert entries.count() >= 4
    detail = client.get(reverse("accounts:account_detail", args=[target.pk])).content.decode()
    history = detail[detail.index('id="history"'):]
    for text in ("Cầm Thị Hoa", "Thêm phân công", "Bỏ phân công", "Thành viên Ban Chỉ đạo", "Xã Mường Bú",
                 "Cán bộ Ban Dân vận", "Thư điện tử", "binh@example.vn", "Đang hoạt động", "Quàng Văn"):
        assert text in history, text
    for raw in ("steering_member", "mm_staff", "is_active", "first_name", "None"):
        assert raw not in history, raw
    # unlock
    client.post(reverse("accounts:account_active", args=[target.pk]), {"active": "1"})
    target.refresh_from_db()
    assert target.is_active


def test_every_account_route_denies_another_provinces_administrator(world, admins, client):
    """The URL walk, as a province's account administrator: every route with an id whose model is an account or
    an assignment refuses province P2's (new routes are picked up)."""
    from danvan.core.tests.test_url_walk import model_of, object_routes

    client.force_login(admins["p1"])
    others = {User: world.users.staff_c, Assignment: Assignment.objects.get(user=world.users.staff_c)}
    before = (world.users.staff_c.password, world.users.staff_c.is_active, world.users.staff_c.email)
    walked = []
    for route, name, callback in object_routes():
        model = model_of(callback)
        if model not in others:
            continue
        url = reverse(name, kwargs={"pk": others[model].pk})
        statuses = {m: getattr(client, m)(url).status_code for m in ("get", "post", "put", "patch", "delete")}
        assert set(statuses.values()) <= {403, 404, 405} and {403, 404} & set(statuses.values()), (url, statuses)
        walked.append(name)
    assert len(walked) >= 7, walked
    world.users.staff_c.refresh_from_db()
    assert (world.users.staff_c.password, world.users.staff_c.is_active, world.users.staff_c.email) == before
    assert Assignment.objects.filter(user=world.users.staff_c).count() == 1
