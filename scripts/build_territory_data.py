#!/usr/bin/env python
"""Build danvan/territory/data/*.csv from the `vietnamadminunits` package.

Source: PyPI package vietnamadminunits==1.0.4 (MIT, Copyright (c) 2025 Tran Ngoc Minh Hieu),
files `vietnamadminunits/data/dataset.db` (tables `admin_units`, `admin_units_legacy`) and
`vietnamadminunits/data/converter_2025.json` (old -> new mapping). Only those bundled files are
read; nothing is fetched from the network (the package's online geocoding is never called).

Regenerate (the package is a dev dependency only, see pyproject `[project.optional-dependencies] dev`):

    .venv/bin/pip install vietnamadminunits==1.0.4
    .venv/bin/python scripts/build_territory_data.py            # writes danvan/territory/data/
    .venv/bin/python scripts/build_territory_data.py --check    # fails if the files would change

Output (UTF-8, "\n" line ends, sorted by code, first line a "# ..." provenance comment):
  provinces.csv      code,name,short_name,kind,lat,lon                       (34, kind province|city)
  communes.csv       code,name,short_name,kind,province_code,lat,lon,area_km2 (3,321, commune|ward|special_zone)
  old_provinces.csv  code,name,short_name,lat,lon                            (63, before 1 July 2025)
  districts.csv      code,name,short_name,type,province_code,lat,lon         (696)
  old_communes.csv   code,name,short_name,type,district_code,province_code,lat,lon (10,035)
  lineage.csv        old_level,old_code,new_level,new_code,is_primary,note

Mapping rules (see docs/decisions-territory.md):
  * converter_2025.json keys old units as "<provinceKey>_<districtKey>_<wardKey>" (ward part empty for
    the 5 island districts that had no communes). Those keys are columns of `admin_units_legacy`, one
    row per old commune, so the join to the old CODES is exact on the full province+district+ward key
    (never on a bare name, which repeats). New units are keyed (newProvinceKey, newWardKey), unique
    in `admin_units`.
  * Old commune -> new commune(s): an undivided commune has one target (primary). A divided one
    lists several targets; primary = the one that kept the old commune's code, else the one with the
    same name, else the one the package flags `isDefaultNewWard` (the new commune whose area contains
    the old commune's geocoded centre, else the nearest), else the lowest code (see choose_primary).
  * Old province -> the current province DICT_PROVINCE puts it in (primary), plus any other current
    province its communes went to (none in 1.0.4).
  * District -> current province(s) of its communes' successors; primary = the province receiving
    most of its old communes (ties: lowest code). An island district without communes maps to the
    province of the special zone it became (primary) and, non-primary, to that special zone itself.
"""
from __future__ import annotations

import argparse
import collections
import csv
import io
import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"
ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "danvan" / "territory" / "data"
MAX_UNMAPPED = 5  # fail loudly above this many old units without a successor

CURRENT_KIND_BY_PREFIX = {"Xã": "commune", "Phường": "ward", "Đặc khu": "special_zone"}


def nfc(text) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip()


def fix_prefix(name: str) -> str:
    """Normalise the capitalisation of the type prefix ("Thị Trấn Ái Tử" -> "Thị trấn Ái Tử")."""
    for wrong, right in (("Thị Trấn ", "Thị trấn "), ("Thị Xã ", "Thị xã "), ("Thành Phố ", "Thành phố ")):
        if name.startswith(wrong):
            return right + name[len(wrong):]
    return name


def short(text: str) -> str:
    """The package disambiguates a few short names as "Kỳ Anh (Huyện)"; the full name already does."""
    text = nfc(text)
    if text.endswith(")") and " (" in text:
        text = text[: text.rindex(" (")]
    return text


def num(value) -> str:
    return "" if value is None or value == "" else repr(float(value))


PRIMARY_NOTES = {
    "code": "Kế thừa chính: đơn vị mới giữ mã của đơn vị cũ",
    "name": "Kế thừa chính: đơn vị mới cùng tên",
    "default": "Kế thừa chính: chứa vị trí trung tâm của đơn vị cũ (vietnamadminunits)",
    "first": "Kế thừa chính: mã nhỏ nhất",
}


def choose_primary(old: dict, parts: dict[str, bool], communes: dict[str, dict]) -> tuple[str, str]:
    """The new commune that continues a divided old commune, and why (a key of PRIMARY_NOTES).

    No source gives the share of an old commune each part received, so, in order:
      1. "code": the new commune that kept the old commune's code. Every new commune reuses the code of
         one of its predecessors (all 3,316 formed from communes, in 1.0.4): the official continuation;
      2. "name": else the one new commune with the same (folded) short name;
      3. "default": else the one the package flags isDefaultNewWard (its centre lies in it or nearest);
      4. "first": else the lowest code.
    """
    if len(parts) == 1:
        return next(iter(parts)), "code"
    if old["code"] in parts:
        return old["code"], "code"
    same_name = sorted(c for c in parts if fold(communes[c]["short_name"]) == fold(old["short_name"]))
    if len(same_name) == 1:
        return same_name[0], "name"
    flagged = sorted(c for c, is_default in parts.items() if is_default)
    if len(flagged) == 1:
        return flagged[0], "default"
    return min(parts), "first"


def fold(text: str) -> str:
    """Accent-free lower case, as danvan.core.text.fold (kept here so the script needs no Django)."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("đ", "d").replace("Đ", "D").casefold().split())


def locate_package() -> Path:
    try:
        import vietnamadminunits
    except ImportError:
        sys.exit(f"{PACKAGE}=={VERSION} is not installed: .venv/bin/pip install {PACKAGE}=={VERSION}")
    from importlib.metadata import version

    found = version(PACKAGE)
    if found != VERSION:
        sys.exit(f"expected {PACKAGE}=={VERSION}, found {found}: the CSV header would lie")
    return Path(vietnamadminunits.__file__).resolve().parent / "data"


def build(data_dir: Path) -> tuple[dict[str, list[dict]], list[str]]:
    db = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    current = [dict(r) for r in db.execute("SELECT * FROM admin_units")]
    legacy = [dict(r) for r in db.execute("SELECT * FROM admin_units_legacy")]
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    problems: list[str] = []

    # ---- current units ------------------------------------------------------------------
    provinces: dict[str, dict] = {}
    communes: dict[str, dict] = {}
    new_ward_code: dict[tuple[str, str], str] = {}  # (provinceKey, wardKey) -> ward code
    new_province_code: dict[str, str] = {}  # provinceKey -> code
    for r in current:
        pname = nfc(r["province"])
        provinces.setdefault(r["provinceCode"], {
            "code": r["provinceCode"], "name": pname, "short_name": short(r["provinceShort"]),
            "kind": "city" if pname.startswith("Thành phố ") else "province",
            "lat": num(r["provinceLat"]), "lon": num(r["provinceLon"]),
        })
        new_province_code[r["provinceKey"]] = r["provinceCode"]
        name = fix_prefix(nfc(r["ward"]))
        prefix = next((p for p in CURRENT_KIND_BY_PREFIX if name.startswith(p + " ")), None)
        if prefix is None:
            raise SystemExit(f"current unit {r['wardCode']} {name!r}: unknown type prefix")
        if prefix != nfc(r["wardType"]):
            # 4 rows in 1.0.4 whose wardType disagrees with the official name; the name wins.
            problems.append(f"note: {r['wardCode']} {name!r} has wardType {r['wardType']!r}; kind taken from the name")
        if r["wardCode"] in communes:
            raise SystemExit(f"duplicate current commune code {r['wardCode']}")
        key = (r["provinceKey"], r["wardKey"])
        if key in new_ward_code:
            raise SystemExit(f"duplicate current ward key {key}")
        new_ward_code[key] = r["wardCode"]
        communes[r["wardCode"]] = {
            "code": r["wardCode"], "name": name, "short_name": short(r["wardShort"]),
            "kind": CURRENT_KIND_BY_PREFIX[prefix], "province_code": r["provinceCode"],
            "lat": num(r["wardLat"]), "lon": num(r["wardLon"]), "area_km2": num(r["wardAreaKm2"]),
        }

    # ---- historic units -----------------------------------------------------------------
    old_provinces: dict[str, dict] = {}
    districts: dict[str, dict] = {}
    old_communes: dict[str, dict] = {}
    old_key: dict[str, tuple[int, str]] = {}  # converter key -> (level, code) of the old unit
    old_province_key: dict[str, str] = {}  # provinceKey -> old province code
    for r in legacy:
        pcode, dcode, wcode = r["provinceCode"], r["districtCode"], r["wardCode"]
        old_provinces.setdefault(pcode, {
            "code": pcode, "name": nfc(r["province"]), "short_name": short(r["provinceShort"]),
            "lat": num(r["provinceLat"]), "lon": num(r["provinceLon"]),
        })
        if old_province_key.setdefault(r["provinceKey"], pcode) != pcode:
            raise SystemExit(f"province key {r['provinceKey']} has two codes")
        district = {
            "code": dcode, "name": fix_prefix(nfc(r["district"])), "short_name": short(r["districtShort"]),
            "type": nfc(r["districtType"]), "province_code": pcode,
            "lat": num(r["districtLat"]), "lon": num(r["districtLon"]),
        }
        if districts.setdefault(dcode, district) != district:
            raise SystemExit(f"district {dcode} is described differently on two rows")
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        if key in old_key:
            raise SystemExit(f"duplicate legacy key {key}")
        if not wcode:  # island district without communes: the key stands for the district itself
            old_key[key] = (2, dcode)
            continue
        if wcode in old_communes:
            raise SystemExit(f"duplicate old commune code {wcode}")
        old_key[key] = (3, wcode)
        old_communes[wcode] = {
            "code": wcode, "name": fix_prefix(nfc(r["ward"])), "short_name": short(r["wardShort"]),
            "type": nfc(r["wardType"]), "district_code": dcode, "province_code": pcode,
            "lat": num(r["wardLat"]), "lon": num(r["wardLon"]),
        }

    # ---- lineage: old commune (or island district) -> new commune(s) ----------------------
    targets: dict[tuple[int, str], dict[str, bool]] = collections.defaultdict(dict)  # old -> {new code: primary}

    def new_code(province_key: str, ward_key: str, context: str) -> str | None:
        code = new_ward_code.get((province_key, ward_key))
        if code is None:
            problems.append(f"unknown new unit {province_key}/{ward_key} ({context})")
        return code

    for new_pkey, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, olds in wards.items():
            for key in olds:
                old = old_key.get(key)
                code = new_code(new_pkey, new_wkey, key)
                if old is None:
                    problems.append(f"converter key not in legacy table: {key}")
                elif code:
                    if targets[old]:
                        problems.append(f"{key} listed twice as undivided")
                    targets[old][code] = True
    for new_pkey, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for key, parts in olds.items():
            old = old_key.get(key)
            if old is None:
                problems.append(f"converter key not in legacy table: {key}")
                continue
            if targets[old]:
                problems.append(f"{key} is both undivided and divided")
            for part in parts:
                code = new_code(new_pkey, part["newWardKey"], key)
                if code:
                    targets[old][code] = bool(part.get("isDefaultNewWard"))

    lineage: list[dict] = []
    unmapped: list[str] = []
    primary_of: dict[str, str] = {}  # old commune code -> new commune code
    for code in sorted(old_communes):
        parts = targets.get((3, code))
        if not parts:
            unmapped.append(f"old commune {code} {old_communes[code]['name']} ({old_communes[code]['province_code']})")
            continue
        primary, reason = choose_primary(old_communes[code], parts, communes)
        primary_of[code] = primary
        flagged = sorted(c for c, is_default in parts.items() if is_default)
        if len(parts) > 1 and flagged != [primary]:
            problems.append(f"note: {code} {old_communes[code]['name']}: primary {primary} "
                            f"{communes[primary]['name']} ({reason}), package default {flagged}")
        for new in sorted(parts):
            note = PRIMARY_NOTES[reason] if new == primary and len(parts) > 1 else ""
            lineage.append({"old_level": 3, "old_code": code, "new_level": 3, "new_code": new,
                            "is_primary": int(new == primary), "note": note})

    # ---- districts -> current provinces ---------------------------------------------------
    by_district: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    reach: dict[str, set[str]] = collections.defaultdict(set)  # district -> every province reached
    for code, unit in old_communes.items():
        for new in targets.get((3, code)) or {}:
            reach[unit["district_code"]].add(communes[new]["province_code"])
        if code in primary_of:
            by_district[unit["district_code"]][communes[primary_of[code]]["province_code"]] += 1
    for dcode in sorted(districts):
        island = targets.get((2, dcode))
        if island:  # a district without communes that became a special zone as a whole
            (zone,) = island  # exactly one target in 1.0.4; anything else is a data change to review
            prov = communes[zone]["province_code"]
            lineage.append({"old_level": 2, "old_code": dcode, "new_level": 1, "new_code": prov,
                            "is_primary": 1, "note": ""})
            lineage.append({"old_level": 2, "old_code": dcode, "new_level": 3, "new_code": zone,
                            "is_primary": 0, "note": "Huyện đảo trở thành đặc khu"})
            continue
        counts = by_district.get(dcode)
        if not counts:
            unmapped.append(f"district {dcode} {districts[dcode]['name']}")
            continue
        primary = min(counts, key=lambda p: (-counts[p], p))
        for prov in sorted(reach[dcode]):
            lineage.append({"old_level": 2, "old_code": dcode, "new_level": 1, "new_code": prov,
                            "is_primary": int(prov == primary), "note": ""})

    # ---- old provinces -> current provinces -----------------------------------------------
    prov_reach: dict[str, set[str]] = collections.defaultdict(set)
    for dcode, provs in reach.items():
        prov_reach[districts[dcode]["province_code"]] |= provs
    for (level, code), parts in targets.items():
        if level == 2:
            prov_reach[districts[code]["province_code"]] |= {communes[c]["province_code"] for c in parts}
    declared: dict[str, str] = {}
    for new_pkey, old_pkeys in converter["DICT_PROVINCE"].items():
        for old_pkey in old_pkeys:
            if old_pkey not in old_province_key or new_pkey not in new_province_code:
                problems.append(f"DICT_PROVINCE {new_pkey} <- {old_pkey}: unknown key")
                continue
            declared[old_province_key[old_pkey]] = new_province_code[new_pkey]
    for pcode in sorted(old_provinces):
        primary = declared.get(pcode)
        if primary is None:
            unmapped.append(f"old province {pcode} {old_provinces[pcode]['name']}")
            continue
        for prov in sorted(prov_reach[pcode] | {primary}):
            lineage.append({"old_level": 1, "old_code": pcode, "new_level": 1, "new_code": prov,
                            "is_primary": int(prov == primary), "note": ""})

    lineage.sort(key=lambda r: (r["old_level"], r["old_code"], r["new_level"], r["new_code"]))
    tables = {
        "provinces": sorted(provinces.values(), key=lambda r: r["code"]),
        "communes": sorted(communes.values(), key=lambda r: r["code"]),
        "old_provinces": sorted(old_provinces.values(), key=lambda r: r["code"]),
        "districts": sorted(districts.values(), key=lambda r: r["code"]),
        "old_communes": sorted(old_communes.values(), key=lambda r: r["code"]),
        "lineage": lineage,
    }
    check(tables, problems)
    return tables, problems + [f"UNMAPPED {u}" for u in unmapped]


def check(tables: dict[str, list[dict]], problems: list[str]) -> None:
    """Structural invariants the loader relies on."""
    codes = {name: {r["code"] for r in rows} for name, rows in tables.items() if name != "lineage"}
    for name, rows in tables.items():
        if name != "lineage" and len(codes[name]) != len(rows):
            raise SystemExit(f"{name}: duplicate codes")
    for r in tables["communes"]:
        assert r["province_code"] in codes["provinces"], r
    for r in tables["districts"]:
        assert r["province_code"] in codes["old_provinces"], r
    for r in tables["old_communes"]:
        assert r["district_code"] in codes["districts"], r
        assert r["province_code"] in codes["old_provinces"], r
    primaries = collections.Counter()
    for r in tables["lineage"]:
        old_table = {1: "old_provinces", 2: "districts", 3: "old_communes"}[r["old_level"]]
        new_table = {1: "provinces", 3: "communes"}[r["new_level"]]
        assert r["old_code"] in codes[old_table] and r["new_code"] in codes[new_table], r
        primaries[(r["old_level"], r["old_code"])] += r["is_primary"]
    bad = [k for k, n in primaries.items() if n != 1]
    if bad:
        raise SystemExit(f"old units without exactly one primary successor: {bad[:10]}")


def render(name: str, rows: list[dict]) -> str:
    buf = io.StringIO()
    buf.write(f"# {name}.csv: generated by scripts/build_territory_data.py from {PACKAGE}=={VERSION} "
              "(MIT, Copyright (c) 2025 Tran Ngoc Minh Hieu); do not edit by hand\n")
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    parser.add_argument("--check", action="store_true", help="only compare with the files in --out")
    args = parser.parse_args(argv)

    tables, problems = build(locate_package())
    notes = [p for p in problems if p.startswith("note:")]
    errors = [p for p in problems if not p.startswith("note:") and not p.startswith("UNMAPPED")]
    unmapped = [p for p in problems if p.startswith("UNMAPPED")]
    for line in notes + errors + unmapped:
        print(line, file=sys.stderr)
    print(f"unmapped old units: {len(unmapped)}")
    if errors or len(unmapped) > MAX_UNMAPPED:
        print(f"FAILED: {len(errors)} mapping errors, {len(unmapped)} unmapped (max {MAX_UNMAPPED})", file=sys.stderr)
        return 1

    stale = []
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        path = args.out / f"{name}.csv"
        text = render(name, rows)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(text, encoding="utf-8", newline="\n")
        primaries = sum(int(r.get("is_primary", 0)) for r in rows) if name == "lineage" else None
        extra = f" ({primaries} primary)" if primaries is not None else ""
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(rows)} rows{extra}")
    if args.check:
        print("up to date" if not stale else f"out of date: {', '.join(stale)}")
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
