"""The scheduled jobs of an installation, as one table, and the loop `danvan scheduler` runs them with.

Every job is a management command (so an operator can run any of them by hand, and cron users can copy the
table). A daily job runs once a day, the first time the scheduler looks after its hour (local time,
TIME_ZONE): a scheduler that was down at 06:30 sends the day's alerts when it comes back, and never twice a
day. An interval job runs when that long has passed since its last run. When each job last ran is kept in a
small JSON file (DANVAN_DATA_DIR/scheduler-state.json, or --state), written after every job, so a restart
neither repeats nor forgets a day. Run exactly one scheduler per installation (docs/deploy.md).
Backups are not here: a systemd timer runs them (deploy/systemd/danvan-backup.timer), so that a backup does not
depend on the process it would be needed to recover.
"""
import datetime
import io
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connections
from django.utils import timezone

logger = logging.getLogger("danvan.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    command: tuple[str, ...]
    at: datetime.time | None = None  # daily, at this local time
    every: datetime.timedelta | None = None  # or at this interval
    why: str = ""

    def due(self, now: datetime.datetime, last: datetime.datetime | None) -> bool:
        if self.every is not None:
            return last is None or now - last >= self.every
        local = timezone.localtime(now)
        return local.time() >= self.at and (last is None or timezone.localtime(last).date() < local.date())


SCHEDULE = (
    Job("reap-imports", ("reap_imports",), every=datetime.timedelta(minutes=5),
        why="import jobs whose process died are marked failed, so they can be run again (the worker does it too)"),
    Job("send-alerts", ("send_alerts",), at=datetime.time(6, 30),
        why="the daily alerts: initiatives without progress, without a steering member, overdue reports"),
    Job("clear-sessions", ("clearsessions",), at=datetime.time(2, 0),
        why="retention: expired sessions are deleted"),
    Job("sign-in-log-retention", ("axes_reset_logs", "--age", "180"), at=datetime.time(2, 15),
        why="retention: the sign-in access log (django-axes) keeps 180 days"),
)


def state_path() -> Path:
    from django.conf import settings

    return Path(os.environ.get("DANVAN_SCHEDULER_STATE", settings.DATA_DIR / "scheduler-state.json"))


def load_state(path: Path) -> dict[str, datetime.datetime]:
    try:
        raw = json.loads(path.read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        logger.error("unreadable scheduler state, starting afresh", extra={"fields": {"state": str(path)}})
        return {}
    return {name: datetime.datetime.fromisoformat(value) for name, value in raw.items()}


def save_state(path: Path, state: dict[str, datetime.datetime]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({name: value.isoformat() for name, value in state.items()}, indent=1))
    temporary.replace(path)  # atomic: a crash leaves the old state or the new one, never half a file


def refresh_connections() -> None:
    """Like a request's end: drop connections that broke or outlived CONN_MAX_AGE (a long-running process must
    not keep a dead connection after a database restart), but never one inside a transaction."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def run_due(state: dict, *, now=None, schedule=SCHEDULE, only=None, save=None) -> list[str]:
    """Run every job of `schedule` that is due at `now`, one after another; return the names run.

    A job that fails is logged and counts as run (it is tried again at its next time, not in a tight loop).
    """
    ran = []
    for job in schedule:
        if only and job.name not in only:
            continue
        moment = now or timezone.now()
        if not job.due(moment, state.get(job.name)):
            continue
        started = time.perf_counter()
        fields = {"job": job.name, "command": " ".join(job.command)}
        try:
            refresh_connections()
            output = io.StringIO()  # what the command prints goes into the job's one log line
            call_command(*job.command, verbosity=1, stdout=output)
            logger.info("job done", extra={"fields": {**fields, "ok": True, "output": output.getvalue().strip()[:2000],
                                                      "duration_s": round(time.perf_counter() - started, 2)}})
        except Exception:  # noqa: BLE001 - one failing job must not stop the others or the scheduler
            logger.exception("job failed", extra={"fields": {**fields, "ok": False}})
        finally:
            refresh_connections()
        state[job.name] = moment
        ran.append(job.name)
        if save:
            save(state)
    return ran
