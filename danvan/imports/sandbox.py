"""Reading an untrusted file in a child process, so that the worst a file can do costs one job, never the worker.

The child (`python -m danvan.imports.readers`, no Django, no database, an empty environment) sets its own
limits first: address space (`IMPORT_READ_MEMORY_BYTES`), CPU time (`IMPORT_READ_CPU_SECONDS`), no file
writes, no core dump. It opens the sheet with the same readers as before (python-calamine, openpyxl for
huge sheets, csv) and streams the rows back through a pipe, ~1,000 at a time, while the importer checks
and writes the rows before them: the reading runs beside the import instead of before it. The importer
waits at most `IMPORT_READ_TIMEOUT` seconds for any answer.

What comes back is unpickled with a whitelist (plain values, dates and times; nothing that runs code), in
frames of bounded size. A child that dies (out of memory, out of CPU time, a signal, an exit without its
last frame) or stops answering is killed and becomes a FileUnreadable with a Vietnamese message; the
parent's memory never holds more than a few frames.
"""
from __future__ import annotations

import io
import json
import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from danvan.imports.errors import FileRejected, FileUnreadable
from danvan.imports.guard import column_letter, vn
from danvan.imports.limits import MB, Limits
from danvan.imports.readers import EXIT_MEMORY

logger = logging.getLogger(__name__)

FRAME_MAX = 64 * MB
PIPE_BYTES = 1 * MB
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])   # the folder holding the `danvan` package


@dataclass
class ChildReport:
    """How one child went: for the logs, the tests and the bench."""

    pid: int
    seconds: float
    peak_rss: int        # bytes: the child's own peak (VmHWM) when it could say it, else ru_maxrss, which on Linux
                         # starts from the parent's peak at the fork (an upper bound)
    cpu_seconds: float
    outcome: str         # "ok", "stopped" (the importer had what it needed), "memory", "time", "crash", "refused"
    measured: bool = False   # peak_rss is the child's own figure


RECENT: deque = deque(maxlen=200)


class _Unpickler(pickle.Unpickler):
    ALLOWED = {("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"), ("datetime", "timedelta")}

    def find_class(self, module, name):
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")


def _env() -> dict:
    # No secrets, no settings, no database: the child gets the path of one file and nothing else.
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


class Child:
    """One reading child and its pipe. Use `frame()` to read what it says; `close()` always."""

    def __init__(self, request: dict, limits: Limits):
        self.limits = limits
        self.stderr = tempfile.TemporaryFile()
        request = {**request, "limits": limits.as_dict()}
        self.proc = subprocess.Popen(
            [sys.executable, "-E", "-s", "-B", "-m", "danvan.imports.readers", json.dumps(request)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.stderr, close_fds=True,
            start_new_session=True, env=_env(), cwd=_PACKAGE_ROOT,
        )
        self.fd = self.proc.stdout.fileno()
        try:
            import fcntl

            fcntl.fcntl(self.fd, 1031, PIPE_BYTES)  # F_SETPIPE_SZ: let the child run ~1 MB ahead
        except (OSError, ImportError):
            pass
        self.started = time.monotonic()
        self.report: ChildReport | None = None
        self.finished = False

    # -------------------------------------------------------------------------------------------- reading

    def frame(self):
        (size,) = struct.unpack("<I", self._read(4))
        if size > FRAME_MAX:
            raise self._fail("crash", _("dữ liệu trả về quá lớn"))
        data = self._read(size)
        try:
            frame = _Unpickler(io.BytesIO(data)).load()
        except Exception:  # noqa: BLE001 - whatever it is, it is not what a reader sends
            raise self._fail("crash", _("dữ liệu trả về không hợp lệ")) from None
        if not isinstance(frame, tuple) or not frame:
            raise self._fail("crash", _("dữ liệu trả về không hợp lệ"))
        if (frame[0] == "end" and len(frame) > 2) or (frame[0] == "error" and len(frame) > 3):
            self.own_peak = int(frame[-1] or 0)   # the child's last word: its own peak memory
        if frame[0] == "error":
            self.close("refused")
            raise refusal(frame[1], frame[2] if len(frame) > 2 else {}, self.limits)
        return frame

    def _read(self, n: int) -> bytes:
        deadline = time.monotonic() + self.limits.read_timeout
        chunks, have = [], 0
        while have < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._fail("time")
            ready, _w, _x = select.select([self.fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self.fd, min(n - have, PIPE_BYTES))
            if not chunk:
                raise self._fail(self._why_dead())
            chunks.append(chunk)
            have += len(chunk)
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)

    # -------------------------------------------------------------------------------------------- ending

    def close(self, outcome: str = "stopped") -> ChildReport:
        """Stop the child if it still runs (the importer may need only the first rows) and collect it."""
        if self.report is not None:
            return self.report
        if self._usage is None and outcome != "ok":
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
        return self._collect(outcome)

    _usage = None
    own_peak = 0

    def _wait(self, timeout: float | None) -> bool:
        """Wait (at most `timeout` seconds; None: for good) for the child to exit, and keep its resource usage:
        the child is reaped here only, by wait4, so that its own peak memory is known."""
        if self._usage is not None:
            return True
        if timeout is not None:
            try:
                fd = os.pidfd_open(self.proc.pid)
            except (AttributeError, OSError):
                fd = None
            if fd is not None:
                try:
                    select.select([fd], [], [], timeout)
                finally:
                    os.close(fd)
            pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
            if not pid:
                return False
        else:
            pid, status, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self._usage = usage
        return True

    def _collect(self, outcome: str) -> ChildReport:
        try:
            self._wait(None)
            peak, cpu = self._usage.ru_maxrss * 1024, self._usage.ru_utime + self._usage.ru_stime
        except ChildProcessError:
            peak, cpu = 0, 0.0
        for stream in (self.proc.stdout, self.stderr):
            try:
                stream.close()
            except OSError:
                pass
        if self.own_peak:
            peak = self.own_peak
        self.report = ChildReport(pid=self.proc.pid, seconds=time.monotonic() - self.started, peak_rss=peak,
                                  cpu_seconds=cpu, outcome=outcome, measured=bool(self.own_peak))
        RECENT.append(self.report)
        return self.report

    def finish(self) -> ChildReport:
        """The child sent its last frame: it exits by itself."""
        if not self._wait(self.limits.read_timeout):
            return self.close("stopped")
        return self._collect("ok" if self.proc.returncode == 0 else "crash")

    def _stderr_tail(self) -> str:
        try:
            self.stderr.seek(0, io.SEEK_END)
            size = self.stderr.tell()
            self.stderr.seek(max(0, size - 4096))
            return self.stderr.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""

    def _why_dead(self) -> str:
        """The pipe closed before the last frame: ask how the child ended."""
        if not self._wait(5):
            return "crash"
        code, tail = self.proc.returncode, self._stderr_tail()
        if code == EXIT_MEMORY or "memory allocation of" in tail or "MemoryError" in tail:
            return "memory"
        if code in (-signal.SIGXCPU, -signal.SIGKILL) or "CPU time limit" in tail:
            return "time"
        return "crash"

    def _fail(self, outcome: str, detail: str = "") -> FileUnreadable:
        tail = self._stderr_tail()
        report = self.close(outcome)
        code = self.proc.returncode
        if outcome in ("crash", "memory", "time"):
            logger.warning("import reader child %s ended (%s, exit %s, %.1f s, peak %d MB): %s", report.pid, outcome,
                           code, report.seconds, report.peak_rss // MB, tail[-1000:])
        limits = self.limits
        if outcome == "memory":
            return FileRejected(_("Đọc tệp cần quá nhiều bộ nhớ (giới hạn %(mb)s MB) nên đã dừng. Tệp có thể chứa rất "
                                  "nhiều ô hoặc được tạo bất thường; hãy xoá các dòng, cột, ô thừa hoặc chia nhỏ tệp.")
                                % {"mb": vn(limits.read_memory_bytes // MB)})
        if outcome == "time":
            return FileRejected(_("Đọc tệp mất quá nhiều thời gian (giới hạn %(s)s giây) nên đã dừng. Hãy chia nhỏ tệp "
                                  "hoặc mở bằng Excel, lưu lại rồi tải lên lại.")
                                % {"s": vn(min(limits.read_timeout, limits.read_cpu_seconds))})
        why = detail or (_("mã thoát %(code)s") % {"code": code})
        return FileRejected(_("Chương trình đọc tệp bị dừng bất thường (%(why)s). Tệp có thể bị hỏng; hãy mở bằng "
                              "Excel, lưu lại rồi tải lên lại.") % {"why": why})


def refusal(code: str, params: dict, limits: Limits) -> FileRejected:
    """The child's reasons, in Vietnamese."""
    sheet = params.get("sheet") or ""
    if code in ("unreadable", "unreadable_sheet"):
        # The reader's own words (English, technical) go to the log, not to the person who uploaded the file.
        logger.info("import reader refused the file (%s): %s", code, params.get("detail", ""))
    if code == "unreadable":
        return FileRejected(_("Không đọc được tệp: nội dung bị hỏng hoặc không đúng định dạng bảng tính. Hãy mở tệp "
                              "bằng Excel (hoặc LibreOffice), lưu lại dạng .xlsx rồi tải lên lại."))
    if code == "unreadable_sheet":
        return FileRejected(_("Không đọc được trang tính “%(s)s”: nội dung trang bị hỏng. Hãy mở tệp bằng Excel, lưu "
                              "lại dạng .xlsx rồi tải lên lại.") % {"s": sheet})
    if code == "no_sheet":
        return FileRejected(_("Không có trang tính “%(s)s” trong tệp.") % {"s": sheet})
    if code == "area":
        rows, columns = int(params.get("rows", 0)), int(params.get("columns", 0))
        return FileRejected(
            _("Trang tính “%(sheet)s” có dữ liệu đến ô %(cell)s (%(rows)s dòng × %(cols)s cột), vượt quá giới hạn "
              "%(max_rows)s dòng, %(max_cols)s cột, %(max_cells)s ô. Hãy xoá các ô, dòng, cột thừa rồi lưu và tải lên lại.")
            % {"sheet": sheet, "cell": f"{column_letter(max(columns, 1))}{rows}", "rows": vn(rows), "cols": vn(columns),
               "max_rows": vn(limits.max_rows), "max_cols": vn(limits.max_columns), "max_cells": vn(limits.max_cells)})
    if code == "rows":
        return FileRejected(_("Tệp có hơn %(max)s dòng, vượt quá giới hạn. Hãy chia nhỏ tệp.") % {"max": vn(limits.max_rows)})
    if code == "columns":
        return FileRejected(_("Dòng %(row)s của tệp có %(n)s cột, vượt quá giới hạn %(max)s cột. Hãy xoá các cột thừa.")
                            % {"row": vn(int(params.get("row", 0))), "n": vn(int(params.get("columns", 0))),
                               "max": vn(limits.max_columns)})
    if code == "long":
        return FileRejected(_("Một ô ở dòng %(row)s dài %(n)s ký tự, vượt quá giới hạn %(max)s ký tự.")
                            % {"row": vn(int(params.get("row", 0))), "n": vn(int(params.get("length", 0))),
                               "max": vn(limits.max_string_length)})
    if code == "merged":
        return FileRejected(_("Trang tính “%(sheet)s” có %(n)s vùng gộp ô, vượt quá giới hạn %(max)s.")
                            % {"sheet": sheet, "n": vn(int(params.get("count", 0))), "max": vn(limits.max_merged)})
    if code == "csv":
        return FileRejected(_("Tệp CSV bị lỗi ở dòng %(row)s (một ô quá dài hoặc thiếu dấu ngoặc kép đóng).")
                            % {"row": vn(int(params.get("row", 0)))})
    return FileRejected(_("Không đọc được tệp."))


# ------------------------------------------------------------------------------------------------ use

def names(path, fmt: str, limits: Limits) -> list[str]:
    child = Child({"path": str(path), "format": fmt, "names_only": True}, limits)
    try:
        kind, value = child.frame()[:2]
        child.finish()
        return list(value) if kind == "names" else []
    finally:
        child.close()


def start(path, fmt: str, sheet: str | None, reader: str, limits: Limits) -> Child:
    """A child that reads `sheet` (None: the first visible one) and will stream its rows."""
    return Child({"path": str(path), "format": fmt, "sheet": sheet, "reader": reader}, limits)


def rows(child: Child):
    """(row number, values) as the child sends them; the child is collected at the end."""
    while True:
        frame = child.frame()
        if frame[0] == "rows":
            yield from frame[1]
        elif frame[0] == "end":
            child.finish()
            return
        else:
            raise child._fail("crash", _("dữ liệu trả về không hợp lệ"))
