"""How far a running import is, readable by the page while the worker holds the import's transaction.

The import writes inside one transaction (all or nothing), so progress written to the database would
stay invisible until the end; it goes to a small file beside the uploaded sheet instead.
"""
import json
import os
import time

from django.conf import settings


def _path(job_id: int):
    return settings.DATA_DIR / "imports" / "progress" / f"{job_id}.json"


def write(job_id: int, phase: str, done: int, total: int) -> None:
    path = _path(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": max(total, done), "at": time.time()}))
    os.replace(tmp, path)


def read(job_id: int) -> dict:
    try:
        return json.loads(_path(job_id).read_text())
    except (OSError, ValueError):
        return {}


def clear(job_id: int) -> None:
    try:
        _path(job_id).unlink()
    except OSError:
        pass


def percent(info: dict) -> int:
    total = info.get("total") or 0
    return min(99, int(100 * info.get("done", 0) / total)) if total else 0
