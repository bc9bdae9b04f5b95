"""Settings of the test suite: the application's settings in demo mode.

Demo mode (DANVAN_DEMO=1) is what `danvan demo` runs: the public demo secret key is allowed and the demo
accounts' published passwords sign in, so `bash scripts/test.sh` needs no environment. Tests of what happens
outside demo mode switch `settings.DEMO_MODE` off, or start `danvan` in a subprocess with their own environment
(accounts/tests/test_settings_guard.py, tests/test_two_processes.py).

Files the tests upload (evidence, import originals, issued documents) go to a folder of this test process, not
into the demo's ./var/media: the suite runs in two processes at once (pytest-xdist), and a developer's demo data
stays untouched. The folder is removed when the process ends.
"""
import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("DANVAN_DEMO", "1")

from danvan.settings import *  # noqa: E402,F401,F403

if "DANVAN_MEDIA_ROOT" not in os.environ:
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="danvan-test-media-"))
    atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
