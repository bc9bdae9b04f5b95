"""Every bound on what an uploaded file may make the importer do, in one place.

A file is hostile until read: its declared sizes, counts and cell positions are checked before any reader
touches it (imports.guard), and the reading itself runs in a child process held to a memory, CPU and
wall-clock budget (imports.sandbox). The defaults fit the largest files the product is for (a few hundred
thousand rows, tens of columns) with room to spare; each is a setting (`IMPORT_…`, from the environment
`DANVAN_IMPORT_…`, see README's configuration table).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 100 * MB                 # the uploaded file itself
    max_members: int = 1000                   # entries in an .xlsx/.ods (a zip archive)
    max_member_bytes: int = 512 * MB          # one entry, uncompressed (declared and actually inflated)
    max_uncompressed_bytes: int = 1024 * MB   # all entries together, uncompressed
    max_ratio: int = 100                      # uncompressed / compressed, for entries above 1 MB uncompressed
    max_rows: int = 1_048_576                 # last row used (Excel's own limit), or lines of a CSV file
    max_columns: int = 512                    # last column used ("SR"); calamine pads every row to it
    max_cells: int = 10_000_000               # rows × columns of the used area: calamine holds ~64 B a cell of it
    max_shared_strings: int = 5_000_000       # distinct texts of an .xlsx (sharedStrings.xml)
    max_string_length: int = 32_767           # characters in one cell (Excel's own limit)
    max_merged: int = 100_000                 # merged-cell ranges in a sheet
    read_memory_bytes: int = 1024 * MB        # address space of the child process that reads the file
    read_cpu_seconds: int = 300               # CPU time of that child
    read_timeout: int = 120                   # seconds the importer waits for any one answer of that child
    calamine_max_bytes: int = 200 * MB        # sheet XML above which openpyxl (constant memory) reads instead

    def as_dict(self) -> dict:
        return asdict(self)


SETTING_NAMES = {f.name: f"IMPORT_{f.name.upper()}" for f in fields(Limits)}


def current() -> Limits:
    """The limits in force: the IMPORT_… settings, else the defaults above."""
    from django.conf import settings

    values = {}
    for name, setting in SETTING_NAMES.items():
        value = getattr(settings, setting, None)
        if value is not None:
            values[name] = int(value)
    return Limits(**values)
