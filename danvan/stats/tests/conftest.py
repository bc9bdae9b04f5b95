"""The random registry of the dashboards tests (records over several years, every status and level)."""
from danvan.dashboards.tests.conftest import filled  # noqa: F401
