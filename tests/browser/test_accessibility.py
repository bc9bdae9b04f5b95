"""Accessibility of the main pages of every role, at desktop and phone size, checked by axe-core in a real browser.

axe-core is vendored for the tests only (tests/browser/vendor/axe-core, MPL-2.0, refreshed by scripts/vendor_axe.sh)
and injected through the DevTools protocol, so the pages keep their Content-Security-Policy. Each page is loaded once at
desktop size (1366 px) and checked, then narrowed to a phone's width (390 px) and checked again. Every page must
have no serious or critical violation of the WCAG 2.0/2.1/2.2 A and AA rules. The desktop menu must stay on one line
per item at 1366 px. Screenshots go to $DANVAN_SCREENSHOTS (default: a temporary folder) for a person to look at.
"""
import datetime
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from danvan.reporting.models import PeriodicReport
from danvan.reporting.services import open_round
from danvan.territory.models import AdminUnit
from tests.browser.test_commune_user import PHONE, browser, log_in, shots  # noqa: F401

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
DESKTOP = {"width": 1366, "height": 900}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v =>
    `${v.id} (${v.impact}): ${v.help} — ` + v.nodes.slice(0, 3).map(n =>
      n.target.join(' ') + (n.failureSummary ? ' [' + n.failureSummary.replace(/\\s+/g, ' ').slice(0, 160) + ']' : '')
    ).join(' | '));
}"""
# Coordinates for the small test territory, so that the dashboards draw their maps.
PLACES = {"p1": (21.33, 103.91), "p2": (12.67, 108.04), "a": (21.50, 103.60), "b": (21.30, 104.10),
          "c": (12.68, 108.05)}


def check(page, base: str, path: str, label: str, shots_dir: Path | None, found: dict) -> None:
    """One page at desktop size, then the same page at phone size (no second load: the layout follows the width)."""
    page.set_viewport_size(DESKTOP)
    response = page.goto(f"{base}{path}")
    assert response.status == 200, f"{label} {path}: {response.status}"
    page.evaluate(AXE)
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        if problems := page.evaluate(RUN, TAGS):
            found[f"{label} {size_name} {path}"] = problems
        if shots_dir is not None:
            name = path.strip("/").replace("/", "_") or "home"
            page.screenshot(path=str(shots_dir / f"a11y-{label}-{size_name}-{name}.png"), full_page=True)


def one_line_menu(page) -> list[str]:
    """The labels of the desktop menu that wrap onto a second line, and a note if the menu is wider than the bar."""
    return page.evaluate("""() => {
        const links = [...document.querySelectorAll('#nav .nav-link')].filter(a => a.offsetParent !== null);
        const wrapped = links.filter(a => a.getClientRects().length > 1 ||
            a.getBoundingClientRect().height > 1.8 * (parseFloat(getComputedStyle(a).lineHeight) || 24))
            .map(a => a.textContent.trim());
        const boxes = links.map(a => a.getBoundingClientRect());
        const overlap = boxes.some((b, i) => i > 0 && b.left < boxes[i - 1].right - 1);
        if (links.length === 0 || overlap || Math.max(...boxes.map(b => b.right)) > document.documentElement.clientWidth)
            wrapped.push('(the menu does not fit the bar)');
        return wrapped;
    }""")


@pytest.mark.django_db(transaction=True)
def test_main_pages_of_every_role_have_no_serious_accessibility_violation(browser, live_server, world, shots):  # noqa: F811
    base = live_server.url
    for key, (lat, lon) in PLACES.items():
        AdminUnit.objects.filter(pk=getattr(world, key).pk).update(latitude=lat, longitude=lon, area_km2=100.0)
    # The widest menu: a staff administrator (one more item) with a long full name.
    get_user_model().objects.filter(pk=world.users.admin.pk).update(
        is_staff=True, first_name="Nguyễn Thị Thu", last_name="Hương")
    round_ = open_round(world.p1, str(timezone.localdate().year), timezone.localdate() + datetime.timedelta(days=2),
                        world.users.province_staff)
    report = PeriodicReport.objects.get(round=round_, unit=world.a)
    initiative = world.records["a"].pk
    pages = {
        "commune": (world.users.staff_a, ["/", "/initiatives/", f"/initiatives/{initiative}/", "/initiatives/add/",
                                          "/dashboards/", f"/reports/{report.pk}/", f"/reports/{report.pk}/edit/"]),
        "province": (world.users.province_staff, ["/", "/initiatives/", f"/initiatives/{initiative}/", "/exemplars/",
                                                  "/dashboards/", f"/reports/rounds/{round_.pk}/",
                                                  f"/reports/{report.pk}/", "/reports/rounds/add/"]),
        "leader": (world.users.leader_p1, ["/", "/initiatives/", f"/initiatives/{initiative}/", "/dashboards/",
                                           f"/reports/rounds/{round_.pk}/", f"/dashboards/alerts/"]),
        "national": (world.users.admin, ["/", "/initiatives/", f"/initiatives/{initiative}/", "/dashboards/",
                                         "/reports/", f"/dashboards/units/{world.p1.pk}/"]),
    }
    found, wrapped = {}, {}
    shots_dir = shots if os.environ.get("DANVAN_SCREENSHOTS") else None  # (screenshots cost time: on request)
    page = browser.new_context(viewport=DESKTOP, locale="vi-VN").new_page()
    check(page, base, "/login/", "anonymous", shots_dir, found)
    for role, (user, paths) in pages.items():
        page.set_viewport_size(DESKTOP)
        log_in(page, base, user.username)
        if lines := one_line_menu(page):
            wrapped[role] = lines
        for path in paths:
            check(page, base, path, role, shots_dir, found)
        page.context.clear_cookies()
    page.context.close()
    report_lines = "\n".join(f"{where}:\n  " + "\n  ".join(problems) for where, problems in found.items())
    assert not found, f"axe-core found serious or critical violations:\n{report_lines}"
    assert not wrapped, f"menu items wrap onto two lines at 1366 px: {wrapped}"
