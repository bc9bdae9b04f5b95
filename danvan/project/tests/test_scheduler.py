"""`danvan scheduler` (issue 11, item 1): the daily jobs run once a day after their hour, interval jobs when
their interval has passed, a failing job does not stop the others, and the state survives a restart."""
import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.notifications.models import Notification
from danvan.project import schedule
from danvan.project.schedule import Job

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour, minute=0):
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=HANOI)


def test_a_daily_job_runs_once_a_day_after_its_hour_and_catches_up_after_a_restart():
    job = Job("alerts", ("send_alerts",), at=datetime.time(6, 30))
    assert not job.due(at(2, 6, 29), None)
    assert job.due(at(2, 6, 30), None)
    assert not job.due(at(2, 23, 0), at(2, 6, 30))  # not twice the same day
    assert job.due(at(3, 9, 0), at(2, 6, 30))  # down at 06:30: runs when the scheduler is back
    assert not job.due(at(3, 6, 0), at(2, 6, 30))


def test_an_interval_job_runs_when_its_interval_has_passed():
    job = Job("reap", ("reap_imports",), every=datetime.timedelta(minutes=5))
    assert job.due(at(2, 1), None)
    assert not job.due(at(2, 1, 4), at(2, 1))
    assert job.due(at(2, 1, 5), at(2, 1))


@pytest.mark.django_db
def test_due_jobs_run_a_failing_one_does_not_stop_the_others_and_the_state_is_kept(tmp_path, world):
    table = (
        Job("broken", ("send_alerts", "--unit", "khong-co"), at=datetime.time(6, 30)),
        Job("alerts", ("send_alerts",), at=datetime.time(6, 30)),
        Job("later", ("reap_imports",), at=datetime.time(22, 0)),
    )
    path = tmp_path / "state.json"
    state = schedule.load_state(path)
    ran = schedule.run_due(state, now=at(2, 7), schedule=table, save=lambda s: schedule.save_state(path, s))
    assert ran == ["broken", "alerts"]
    assert Notification.objects.exists()  # the real send-alerts ran (the world has stale initiatives)
    restarted = schedule.load_state(path)
    assert restarted == {"broken": at(2, 7), "alerts": at(2, 7)}
    assert schedule.run_due(restarted, now=at(2, 8), schedule=table) == []
    assert schedule.run_due(restarted, now=at(2, 22), schedule=table) == ["later"]


def test_the_schedule_has_the_daily_alerts_retention_and_reaping():
    commands = {job.command[0] for job in schedule.SCHEDULE}
    assert {"send_alerts", "reap_imports", "clearsessions", "axes_reset_logs"} <= commands


@pytest.mark.django_db
def test_the_command_runs_what_is_due_once_and_refuses_an_unknown_job(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DANVAN_SCHEDULER_STATE", str(tmp_path / "state.json"))
    call_command("scheduler", "--once", "--job", "reap-imports", "--job", "clear-sessions")
    state = schedule.load_state(tmp_path / "state.json")
    assert "reap-imports" in state
    call_command("scheduler", "--list")
    assert "reap-imports" in capsys.readouterr().out
    with pytest.raises(CommandError, match="gui-thu"):
        call_command("scheduler", "--once", "--job", "gui-thu")


def test_danvan_worker_is_the_queue_worker_that_reaps_dead_imports():
    from django.core.management import get_commands, load_command_class

    from danvan.imports.management.commands.db_worker import Command as ReapingWorker

    assert get_commands()["worker"] == "danvan.project"
    assert isinstance(load_command_class("danvan.project", "worker"), ReapingWorker)
