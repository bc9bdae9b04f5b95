"""Load the administrative units and their 2025 lineage from danvan/territory/data/*.csv.

Idempotent: a unit is identified by (historic, level, code); missing units are created, changed ones
updated, nothing is duplicated and nothing is deleted (other records may point at a unit). Lineage
rows of the loaded historic units are made to match lineage.csv exactly. Everything runs in one
transaction with bulk queries, so a full load (~14,000 units) takes seconds on SQLite and PostgreSQL.
"""
from __future__ import annotations

import csv
import datetime
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.db.models import F

from .models import REFORM_DATE, AdminUnit, UnitKind, UnitLevel, UnitLineage

DATA_DIR = Path(__file__).resolve().parent / "data"
HISTORIC_VALID_TO = REFORM_DATE - datetime.timedelta(days=1)  # 2025-06-30
BATCH_SIZE = 500

# Columns kept in step with the CSVs (attnames, so foreign keys compare by id).
UNIT_FIELDS = (
    "name", "short_name", "kind", "parent_id", "province_id", "successor_id",
    "valid_from", "valid_to", "latitude", "longitude", "area_km2", "search_text", "sort_key",
)
# bulk_update wants field names, not attnames.
UPDATE_FIELDS = [f[:-3] if f.endswith("_id") else f for f in UNIT_FIELDS]


class TerritoryDataError(ValueError):
    """The CSV files are inconsistent (a parent or successor code that does not exist...)."""


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV written by scripts/build_territory_data.py (leading "# ..." lines skipped)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def load_units(stdout=None, data_dir: Path | str | None = None) -> dict[str, int]:
    """Create/update every unit and lineage link from the CSVs; return counts per kind.

    Keys of the result: one per UnitKind value, "lineage" (links in the data), and "created",
    "updated", "lineage_created", "lineage_updated", "lineage_deleted" for this run.
    """
    data_dir = Path(data_dir) if data_dir else DATA_DIR
    data = {name: read_csv(data_dir / f"{name}.csv") for name in (
        "provinces", "communes", "old_provinces", "districts", "old_communes", "lineage")}
    with transaction.atomic():
        result = _Loader(data).run()
    if stdout is not None:
        stdout.write(
            f"Đơn vị hành chính: thêm {result['created']}, cập nhật {result['updated']}; "
            f"liên kết kế thừa: thêm {result['lineage_created']}, cập nhật {result['lineage_updated']}, "
            f"xoá {result['lineage_deleted']}\n"
        )
    return result


class _Loader:
    def __init__(self, data: dict[str, list[dict[str, str]]]):
        self.data = data
        # (historic, level, code) -> AdminUnit, for everything already in the database.
        self.units: dict[tuple[bool, int, str], AdminUnit] = {
            (u.historic, u.level, u.code): u for u in AdminUnit.objects.only("id", "historic", "level", "code", *UPDATE_FIELDS)
        }
        self.created = 0
        self.updated = 0

    # -- helpers ------------------------------------------------------------------------------
    def pk(self, historic: bool, level: int, code: str, context: str) -> int:
        unit = self.units.get((historic, level, code))
        if unit is None or unit.pk is None:
            state = "cũ" if historic else "hiện hành"
            raise TerritoryDataError(f"{context}: không có đơn vị {state} cấp {level} mã {code!r}")
        return unit.pk

    def successors(self) -> dict[tuple[int, str], tuple[int, str]]:
        """(old level, old code) -> (new level, new code) of the primary lineage link."""
        primary: dict[tuple[int, str], tuple[int, str]] = {}
        for row in self.data["lineage"]:
            if row["is_primary"] in ("1", "true", "True"):
                key = (int(row["old_level"]), row["old_code"])
                if key in primary:
                    raise TerritoryDataError(f"lineage.csv: hai đơn vị kế thừa chính cho {key}")
                primary[key] = (int(row["new_level"]), row["new_code"])
        return primary

    def sync(self, historic: bool, level: int, rows: list[dict]) -> None:
        """Create or update the units of one (historic, level) from dicts of UNIT_FIELDS values."""
        to_create, to_update = [], []
        for values in rows:
            key = (historic, level, values["code"])
            unit = self.units.get(key)
            if unit is None:
                unit = AdminUnit(code=values["code"], historic=historic, level=level)
                for field in UNIT_FIELDS[:-2]:
                    setattr(unit, field, values.get(field))
                unit.refresh_search_columns()
                to_create.append(unit)
                self.units[key] = unit
                continue
            before = tuple(getattr(unit, f) for f in UNIT_FIELDS)
            for field in UNIT_FIELDS[:-2]:
                setattr(unit, field, values.get(field))
            unit.refresh_search_columns()
            if tuple(getattr(unit, f) for f in UNIT_FIELDS) != before:
                to_update.append(unit)
        if to_create:
            AdminUnit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
            if any(u.pk is None for u in to_create):  # backends that cannot return ids from bulk inserts
                ids = dict(
                    AdminUnit.objects.filter(historic=historic, level=level).values_list("code", "id")
                )
                for unit in to_create:
                    unit.pk = ids[unit.code]
        if to_update:
            AdminUnit.objects.bulk_update(to_update, UPDATE_FIELDS, batch_size=BATCH_SIZE)
        self.created += len(to_create)
        self.updated += len(to_update)

    # -- the load -----------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        d = self.data
        P, D, C = UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE
        current = {"valid_from": REFORM_DATE, "valid_to": None, "successor_id": None}
        historic = {"valid_from": None, "valid_to": HISTORIC_VALID_TO}

        # 1. Current provinces (a province is its own `province`, set once it has an id).
        self.sync(False, P, [
            {**current, "code": r["code"], "name": r["name"], "short_name": r["short_name"],
             "kind": UnitKind(r["kind"]).value, "parent_id": None,
             "province_id": self._own_pk(False, P, r["code"]),
             "latitude": _float(r["lat"]), "longitude": _float(r["lon"]), "area_km2": None}
            for r in d["provinces"]
        ])
        # 2. Current communes, wards and special zones.
        self.sync(False, C, [
            {**current, "code": r["code"], "name": r["name"], "short_name": r["short_name"],
             "kind": UnitKind(r["kind"]).value,
             "parent_id": (prov := self.pk(False, P, r["province_code"], f"communes.csv {r['code']}")),
             "province_id": prov,
             "latitude": _float(r["lat"]), "longitude": _float(r["lon"]), "area_km2": _float(r["area_km2"])}
            for r in d["communes"]
        ])
        # 3. Historic units; every one rolls up into its primary successor (a current unit).
        primary = self.successors()

        def successor(level: int, code: str) -> int:
            target = primary.get((level, code))
            if target is None:
                raise TerritoryDataError(f"lineage.csv: đơn vị cũ cấp {level} mã {code} không có đơn vị kế thừa chính")
            return self.pk(False, target[0], target[1], f"lineage.csv {level}/{code}")

        self.sync(True, P, [
            {**historic, "code": r["code"], "name": r["name"], "short_name": r["short_name"],
             "kind": UnitKind.OLD_PROVINCE.value, "parent_id": None,
             "province_id": self._own_pk(True, P, r["code"]), "successor_id": successor(P, r["code"]),
             "latitude": _float(r["lat"]), "longitude": _float(r["lon"]), "area_km2": None}
            for r in d["old_provinces"]
        ])
        self.sync(True, D, [
            {**historic, "code": r["code"], "name": r["name"], "short_name": r["short_name"],
             "kind": UnitKind.DISTRICT.value,
             "parent_id": (prov := self.pk(True, P, r["province_code"], f"districts.csv {r['code']}")),
             "province_id": prov, "successor_id": successor(D, r["code"]),
             "latitude": _float(r["lat"]), "longitude": _float(r["lon"]), "area_km2": None}
            for r in d["districts"]
        ])
        self.sync(True, C, [
            {**historic, "code": r["code"], "name": r["name"], "short_name": r["short_name"],
             "kind": UnitKind.OLD_COMMUNE.value,
             "parent_id": self.pk(True, D, r["district_code"], f"old_communes.csv {r['code']}"),
             "province_id": self.pk(True, P, r["province_code"], f"old_communes.csv {r['code']}"),
             "successor_id": successor(C, r["code"]),
             "latitude": _float(r["lat"]), "longitude": _float(r["lon"]), "area_km2": None}
            for r in d["old_communes"]
        ])
        # Provinces created in this run did not know their own id yet.
        AdminUnit.objects.filter(level=P, province__isnull=True).update(province_id=F("id"))
        for key, unit in self.units.items():
            if key[1] == P:
                unit.province_id = unit.pk

        links = self.sync_lineage()
        loaded = self._loaded_keys()
        counts = Counter(unit.kind for key, unit in self.units.items() if key in loaded)
        result = {kind.value: counts.get(kind.value, 0) for kind in UnitKind}
        result.update(lineage=len(d["lineage"]), created=self.created, updated=self.updated, **links)
        return result

    def _own_pk(self, historic: bool, level: int, code: str) -> int | None:
        unit = self.units.get((historic, level, code))
        return unit.pk if unit is not None else None

    def _loaded_keys(self) -> set[tuple[bool, int, str]]:
        if not hasattr(self, "_keys"):
            d, P, D, C = self.data, UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE
            self._keys = (
                {(False, P, r["code"]) for r in d["provinces"]}
                | {(False, C, r["code"]) for r in d["communes"]}
                | {(True, P, r["code"]) for r in d["old_provinces"]}
                | {(True, D, r["code"]) for r in d["districts"]}
                | {(True, C, r["code"]) for r in d["old_communes"]}
            )
        return self._keys

    def sync_lineage(self) -> dict[str, int]:
        wanted: dict[tuple[int, int], tuple[bool, str]] = {}
        for r in self.data["lineage"]:
            ctx = f"lineage.csv {r['old_level']}/{r['old_code']}"
            old = self.pk(True, int(r["old_level"]), r["old_code"], ctx)
            new = self.pk(False, int(r["new_level"]), r["new_code"], ctx)
            wanted[(old, new)] = (r["is_primary"] in ("1", "true", "True"), r.get("note") or "")
        old_ids = {old for old, _ in wanted}
        existing = {(link.old_id, link.new_id): link for link in UnitLineage.objects.filter(old__historic=True)}
        to_create, to_update, to_delete = [], [], []
        for key, (is_primary, note) in wanted.items():
            link = existing.get(key)
            if link is None:
                to_create.append(UnitLineage(old_id=key[0], new_id=key[1], date=REFORM_DATE,
                                             is_primary=is_primary, note=note))
            elif (link.is_primary, link.note, link.date) != (is_primary, note, REFORM_DATE):
                link.is_primary, link.note, link.date = is_primary, note, REFORM_DATE
                to_update.append(link)
        for key, link in existing.items():
            if key not in wanted and key[0] in old_ids:
                to_delete.append(link.pk)
        if to_delete:
            for start in range(0, len(to_delete), BATCH_SIZE):
                UnitLineage.objects.filter(pk__in=to_delete[start:start + BATCH_SIZE]).delete()
        if to_update:
            UnitLineage.objects.bulk_update(to_update, ["is_primary", "note", "date"], batch_size=BATCH_SIZE)
        if to_create:
            UnitLineage.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        return {"lineage_created": len(to_create), "lineage_updated": len(to_update),
                "lineage_deleted": len(to_delete)}
