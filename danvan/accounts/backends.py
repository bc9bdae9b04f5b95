"""Sign-in with username and password (Django's ModelBackend), with the demo's public passwords refused
outside demo mode.

The demo accounts (generators/demo.py) have passwords printed by `danvan demo` and written in the README.
They are fine on a demo laptop and a hole anywhere else, so outside demo mode (settings.DEMO_MODE, from
DANVAN_DEMO) a sign-in with one of them is refused for every account, whatever the hash in the database says.
The password validators already keep them from being chosen (they are shorter than 12 characters); this
catches accounts created by `danvan seed --scale demo` on a real installation, and a restored demo database.
The comparison is with the submitted text: no extra hashing per sign-in.
"""
import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

log = logging.getLogger(__name__)


# The demo's published passwords (generators/demo.py gives them to its accounts).
ADMIN_PASSWORD = "admin12345"
DEMO_PASSWORD = "danvan2025"


def demo_passwords() -> frozenset[str]:
    return frozenset({ADMIN_PASSWORD, DEMO_PASSWORD})


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and not settings.DEMO_MODE and password in demo_passwords():
            log.warning("Sign-in with a public demo password refused outside demo mode (user %r).", username)
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
