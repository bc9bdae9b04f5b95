"""Settings of the test suite: the application's settings in demo mode.

Demo mode (DANVAN_DEMO=1) is what `danvan demo` runs: the public demo secret key is allowed and the demo
accounts' published passwords sign in, so `bash scripts/test.sh` needs no environment. Tests of what happens
outside demo mode switch `settings.DEMO_MODE` off, or start `danvan` in a subprocess with their own environment
(accounts/tests/test_settings_guard.py, tests/test_two_processes.py).
"""
import os

os.environ.setdefault("DANVAN_DEMO", "1")

from danvan.settings import *  # noqa: E402,F401,F403
