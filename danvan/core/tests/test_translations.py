"""The English catalogue: complete, compiled, and used only when the user switches to English.

Source strings are Vietnamese; `locale/en` translates them. After adding strings, run
`bash scripts/update_translations.sh`, translate the new entries in the .po, and run it again.
"""
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

PO = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
HOW = "run `bash scripts/update_translations.sh` and translate the entries it lists"

# %(name)s, %s, %d, {name}: what Python fills in; a translation must keep exactly the same ones.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*(?::[^{}]*)?\}")


def _catalogue():
    return polib.pofile(str(PO))


def _live(po):
    return [e for e in po if not e.obsolete]


def _label(entry):
    return (f"[{entry.msgctxt}] " if entry.msgctxt else "") + entry.msgid


def _translations(entries):
    """(context, msgid, plural) → translation(s) of every entry that a compiled catalogue carries."""
    out = {}
    for e in entries:
        if not e.msgid:  # the header
            continue
        value = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural else e.msgstr
        out[(e.msgctxt or "", e.msgid, e.msgid_plural or "")] = value
    return out


def test_every_string_has_an_english_translation_and_none_is_fuzzy():
    po = _catalogue()
    assert not po.metadata_is_fuzzy, f"the .po header is marked fuzzy: {HOW}"
    assert po.metadata.get("Language") == "en"
    entries = _live(po)
    assert len(entries) > 300  # the catalogue really was extracted from the code
    untranslated = [_label(e) for e in entries if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [_label(e) for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated ({HOW}): {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy (check the guess, then remove '#, fuzzy'): {fuzzy[:20]}"


def test_plural_entries_have_both_english_forms():
    po = _catalogue()
    assert "nplurals=2" in po.metadata.get("Plural-Forms", "")
    plurals = [e for e in _live(po) if e.msgid_plural]
    assert plurals
    for e in plurals:
        assert sorted(e.msgstr_plural) == [0, 1] and all(e.msgstr_plural.values()), _label(e)


def test_translations_keep_the_placeholders_of_the_source_string():
    wrong = []
    for e in _live(_catalogue()):
        sources = [e.msgid] + ([e.msgid_plural] if e.msgid_plural else [])
        targets = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        expected = sorted(set().union(*(PLACEHOLDER.findall(s) for s in sources)))
        for t in targets:
            if sorted(set(PLACEHOLDER.findall(t))) != expected:
                wrong.append(f"{_label(e)} → {t}")
    assert not wrong, wrong


def test_the_compiled_catalogue_matches_the_po_file(tmp_path):
    assert MO.exists(), f"{MO} is missing: {HOW}"
    po = _catalogue()
    fresh = tmp_path / "django.mo"
    po.save_as_mofile(str(fresh))
    expected = _translations(polib.mofile(str(fresh)))
    compiled = _translations(polib.mofile(str(MO)))
    missing = sorted(k[1] for k in expected.keys() - compiled.keys())
    stale = sorted(k[1] for k in compiled.keys() - expected.keys())
    changed = sorted(k[1] for k in expected.keys() & compiled.keys() if expected[k] != compiled[k])
    assert not (missing or stale or changed), (
        f"the .mo is out of date ({HOW}): missing {missing[:10]}, stale {stale[:10]}, changed {changed[:10]}"
    )
    assert polib.mofile(str(MO)).metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")


@pytest.mark.django_db
def test_the_language_cookie_switches_the_login_page_to_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in body
    assert "Log in" in body and "Username" in body and "Password" in body
    assert "Đăng nhập" not in body and "Mật khẩu" not in body


def test_the_language_cookie_switches_the_initiative_list_to_english(world, login):
    client = login(world.users.staff_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("initiatives:initiative_list"))
    body = response.content.decode()
    assert response.status_code == 200 and response.headers["Content-Language"] == "en"
    assert 'lang="en"' in body
    assert "Initiatives" in body and "Culture and society" in body and "Registered" in body
    assert "Văn hoá – xã hội" not in body and "Đã đăng ký" not in body
    assert world.records["a"].title in body  # data stays as entered


def test_an_english_browser_without_the_cookie_gets_vietnamese(world, login):
    client = login(world.users.staff_a)
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    page = client.get(reverse("initiatives:initiative_list"), **english_browser).content.decode()
    assert 'lang="vi"' in page
    assert "Mô hình" in page and "Văn hoá – xã hội" in page and "Đã đăng ký" in page
    assert "Initiatives" not in page and "Culture and society" not in page
    client.logout()
    login_page = client.get(reverse("login"), **english_browser).content.decode()
    assert 'lang="vi"' in login_page and "Đăng nhập" in login_page and "Log in" not in login_page
