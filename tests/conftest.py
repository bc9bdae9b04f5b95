# The shared fixtures live with the package (danvan/conftest.py); tests outside it reuse them.
from danvan.conftest import _fast_password_hashing, login, world  # noqa: F401
