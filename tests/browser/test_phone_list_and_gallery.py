"""Issue 12, items 5, 9 and 10 in a real browser on a phone-sized screen (390 px).

A commune cadre opens a list the way a dashboard figure links to it (hidden date window, a field): the list is a
stack of cards with a sentence saying what it is and a chip per filter; the pagination fits the screen; one chip
removes one filter; the live search puts its query in the address and the back button returns. Then an
initiative's evidence photos: thumbnails, a gallery, one photo full size in the page (no download).
Screenshots go to $DANVAN_SCREENSHOTS (default: a temporary folder) for a person to look at.
"""
import datetime
import struct
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from danvan.initiatives.models import Field, Initiative
from danvan.initiatives.services import add_indicator, record_progress, register_initiative
from tests.browser.test_commune_user import PHONE, browser, csp_violations, log_in, shots, watch_console  # noqa: F401


def wait_until(page, expression: str, seconds: float = 15) -> None:
    """Poll a condition in the page until it holds (Playwright's wait_for_function evals a string inside the
    page, which the Content-Security-Policy rightly refuses; evaluate() goes through the DevTools protocol)."""
    import time

    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"never true in the page: {expression}"
        page.wait_for_timeout(100)  # polling a condition, not timing anything


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG (a colour gradient), written without an imaging library."""
    rows = b"".join(b"\x00" + bytes(
        c for x in range(width) for c in (rgb[0], (rgb[1] + x) % 256, (rgb[2] + y) % 256)) for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.mark.django_db(transaction=True)
def test_phone_list_cards_chips_search_and_gallery(browser, live_server, world, shots, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    org = world.orgs["a"]
    titles = [f"“Dân vận khéo” số {i:02d}: thắp sáng đường quê, giữ gìn vệ sinh môi trường ở bản Nà Lại" for i in range(30)]
    for title in titles:
        register_initiative(Initiative(title=title, field=Field.CULTURE_SOCIETY, organization=org, year=2025),
                            submit=True, date=datetime.date(2025, 3, 1))
    ini = Initiative.objects.get(title=titles[0])
    houses = add_indicator(ini, name="Nhà đại đoàn kết", measure_unit="houses", target=8)
    record_progress(ini, text="Xây 2 nhà", date=datetime.date(2025, 5, 10), values={houses.pk: 2}, files=[
        SimpleUploadedFile(f"anh-{i}.png", png(240, 180, rgb), content_type="image/png")
        for i, rgb in enumerate(((155, 28, 28), (13, 110, 253), (25, 135, 84)))])

    base = live_server.url
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    console = watch_console(page)
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    log_in(page, base, world.users.staff_a.username)

    # A list as a figure links to it: cards, the sentence, a chip per filter, pagination within the screen.
    page.goto(f"{base}/initiatives/?unit={world.a.pk}&registered_from=2025-01-01&registered_to=2025-12-31"
              f"&field=culture_society")
    expect(page.locator("#list-sentence")).to_have_text(
        "Mô hình đăng ký mới năm 2025, lĩnh vực Văn hoá – xã hội – Xã Phổng Lái Mới")
    expect(page.locator(".list-cards .list-card").first).to_be_visible()
    expect(page.locator("#results table")).to_be_hidden()
    assert page.locator(".list-cards .list-card").count() == 25
    for selector in (".pagination", ".list-cards", "#filter-summary"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (selector, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(shots / "list-phone.png"), full_page=False)
    page.locator(".list-cards").screenshot(path=str(shots / "list-cards-phone.png"))
    page.locator("#results nav").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "list-pagination-phone.png"))

    # One click on the field chip removes the field only.
    page.locator(".filter-chip", has_text="Lĩnh vực").click()
    page.wait_for_load_state()
    query = parse_qs(urlsplit(page.url).query)
    assert "field" not in query and query["registered_from"] == ["2025-01-01"] and query["unit"] == [str(world.a.pk)]
    expect(page.locator(".filter-chip")).to_have_count(2)

    # The live search writes its query into the address; back returns to the list before it.
    before = page.url
    page.locator("input[name=q]").press_sequentially("so 07", delay=30)
    page.wait_for_url(lambda url: "q=so+07" in url or "q=so%2007" in url)
    expect(page.locator(".list-cards .list-card")).to_have_count(1)
    expect(page.locator(".filter-chip", has_text="Tìm kiếm")).to_be_visible()
    page.go_back()
    page.wait_for_url(before)
    expect(page.locator(".list-cards .list-card")).to_have_count(25)

    # The photos of an initiative: a gallery; a tap opens the photo full size in the page.
    page.goto(f"{base}{ini.get_absolute_url()}")
    thumbs = page.locator(".evidence-gallery .gallery-thumb img")
    expect(thumbs).to_have_count(3)
    wait_until(page, "() => Array.from(document.querySelectorAll('.evidence-gallery img')).every(i => i.complete && i.naturalWidth > 0)")
    expect(page.locator(".indicator-percent")).to_have_text("25%")
    page.locator(".evidence-gallery").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "gallery-phone.png"), full_page=True)
    thumbs.nth(1).click()
    dialog = page.locator("dialog#lightbox")
    expect(dialog).to_be_visible()
    wait_until(page, "() => document.getElementById('lightbox-image').naturalWidth === 240")
    expect(page.locator("#lightbox-position")).to_have_text("2/3")
    page.screenshot(path=str(shots / "lightbox-phone.png"))
    page.locator("[data-lightbox-step='1']").click()
    expect(page.locator("#lightbox-position")).to_have_text("3/3")
    page.locator("[data-lightbox-close]").click()
    expect(dialog).to_be_hidden()
    assert page.url.endswith(ini.get_absolute_url()) and not downloads
    assert not csp_violations(console), console
    context.close()
