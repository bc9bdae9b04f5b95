"""English mode (issue 12, item 14): period names, pickers and figure labels are translated, one record is
singular and a list is plural, and numbers follow the chosen language (1,234 in English, 1.234 in Vietnamese)."""
import datetime
import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from danvan.core.templatetags.danvan import local_number, vnnumber
from danvan.dashboards import maps
from danvan.reporting.models import PeriodicReport
from danvan.reporting.services import open_round

# Vietnamese words that stayed in English pages before the fix (period names, picker and figure labels).
VIETNAMESE = re.compile(r"Tháng \d|Quý \d|Năm 20\d\d|Giai đoạn|6 tháng|lĩnh vực|năm 20\d\d|quý \d|diện tích")


def _english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", html, flags=re.S))


@pytest.mark.django_db
def test_english_pages_have_no_vietnamese_period_or_figure_labels(world, client):
    round_ = open_round(world.p1, str(timezone.localdate().year), timezone.localdate() + datetime.timedelta(days=2),
                        world.users.province_staff)
    report = PeriodicReport.objects.get(round=round_, unit=world.a)
    client = _english(client, world.users.province_staff)

    dashboard = client.get("/dashboards/?period=2025-Q1").content.decode()
    text = _visible_text(dashboard)
    assert VIETNAMESE.findall(text) == []
    assert "Quarter 1/2025" in text and "Year 2025" in text and "compared with the same period (quarter 1/2024)" in text
    assert "its area in proportion to the chosen figure" in text

    # (the round's title is a record's own text, written in Vietnamese when it was opened)
    page = _visible_text(client.get(f"/reports/{report.pk}/").content.decode()).replace(round_.title, "")
    assert VIETNAMESE.findall(page) == []
    assert "Initiatives – Economy" in page and "Exemplars – Economy" in page

    # One record is singular, a list is plural.
    add = client.get("/initiatives/add/").content.decode()
    assert "Add initiative<" in add or "Add initiative " in add
    assert "Add initiatives" not in add
    assert ">Organisations</a>" in add and ">Administrative units</a>" in add

    # In Vietnamese the same pages keep their Vietnamese labels.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert "Quý 1/2025" in client.get("/dashboards/?period=2025-Q1").content.decode()
    assert "Mô hình – lĩnh vực Kinh tế" in client.get(f"/reports/{report.pk}/").content.decode()


def test_numbers_follow_the_chosen_language():
    template = Template("{% load danvan humanize %}{{ n|vnnumber }} {{ x|vnnumber }} {{ n|intcomma }} {{ m|vnd }}")
    values = Context({"n": 1234567, "x": "2.5", "m": 90000000})
    with translation.override("en"):
        assert template.render(values) == "1,234,567 2.5 1,234,567 90,000,000 đ"
        assert local_number(1234) == "1,234"
        assert [text for _c, text in maps.legend(maps.classes([1722]))][-1] == "1,501–2,000"
        # The text of official papers stays Vietnamese whatever the page's language.
        assert vnnumber(1234567) == "1.234.567"
    with translation.override("vi"):
        assert template.render(values) == "1.234.567 2,5 1.234.567 90.000.000 đ"
        assert local_number(1234) == "1.234"
        assert [text for _c, text in maps.legend(maps.classes([1722]))][-1] == "1.501–2.000"
