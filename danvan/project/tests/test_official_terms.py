"""Official terms and file names (issue 12, item 8): "Ban Chỉ đạo" is written as the official name it is,
everywhere a user reads it (templates, labels, translations); downloadable templates have Vietnamese file names."""
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LOWERCASE_TERM = re.compile(r"[Bb]an chỉ đạo")


def test_ban_chi_dao_is_capitalised_wherever_users_read_it():
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE).as_posix()
        if path.suffix not in (".py", ".html", ".txt", ".po") or "/migrations/" in f"/{rel}" or "/tests/" in f"/{rel}":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if LOWERCASE_TERM.search(line):
                found.append(f"{rel}:{number}")
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind, name", [("initiatives", "mau-nhap-mo-hinh.xlsx"), ("exemplars", "mau-nhap-dien-hinh.xlsx"),
                                        ("indicator_values", "mau-nhap-gia-tri-chi-tieu.xlsx"),
                                        ("organizations", "mau-nhap-to-chuc.xlsx")])
def test_import_templates_download_with_vietnamese_file_names(world, client, kind, name):
    client.force_login(world.users.staff_a)
    response = client.get(f"/imports/templates/{kind}.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_steering_member_role_reads_as_the_official_term():
    from danvan.accounts.models import Role

    assert str(Role.STEERING_MEMBER.label) == "Thành viên Ban Chỉ đạo"
