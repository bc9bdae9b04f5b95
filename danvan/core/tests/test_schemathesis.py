"""Schemathesis against /api/v1/schema/: every operation, bounded examples, no 5xx, and the schema is the truth.

Every conformance check is on: answers match the schema (status, content type, headers, body), a request
the schema calls invalid is refused, a request it calls valid is accepted (2xx) or refused only for what
no schema can state (401/403/404 not yours, 409 stale or not allowed now, 422 a domain rule such as "a
reason is required for this step", 429 throttled), a required header missing is refused, an undocumented
method is a 405 with Allow, and a request without credentials is refused.

The schema is read from the Django app in-process (WSGI); the requests run in the test's own
database transaction (on the `world` fixture plus an indicator, a progress update with evidence and
a soft-deleted record), signed in with the national administrator's token. Half of the generated
record ids are swapped for ids that exist, so updates, transitions and deletes reach the services and
not only the 404 path. Examples are bounded and derandomised: the run is the same every time.
"""
import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    allow_header_conformance, content_type_conformance, ignored_auth, missing_required_header,
    negative_data_rejection, positive_data_acceptance, response_headers_conformance, response_schema_conformance,
    status_code_conformance, unsupported_method,
)

from danvan.core.services import soft_delete
from danvan.initiatives.services import add_indicator, record_progress
from danvan.wsgi import application

MAX_EXAMPLES = 12
CONFIG = SchemathesisConfig.from_dict({
    "seed": 20250701,
    "suppress-health-check": ["all"],
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "no-shrink": True, "mode": "all"},
    # Stateful (link-following) runs are not bounded per operation; the other phases are.
    "phases": {"stateful": {"enabled": False}},
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]}},
})
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
    response_headers_conformance, negative_data_rejection, positive_data_acceptance, missing_required_header,
    unsupported_method, allow_header_conformance, ignored_auth,
]

# Loading the schema needs no database: drf-spectacular builds it from the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application, config=CONFIG)


@pytest.fixture
def in_test_transaction():
    """Requests run in this thread's test transaction: Django must not close the connection between them."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def existing_ids(world, settings, tmp_path):
    """Ids of records that exist, by the first segment of their API path."""
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # the token endpoint's throttle counts live in the cache
    a = world.records["a"]
    indicator = add_indicator(a, name="Ngày công", measure_unit="work_days", target=100)
    update = record_progress(
        a, text="Ra quân thu gom rác", date=datetime.date(2025, 9, 1), values={indicator.pk: 92},
        files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", content_type="application/pdf")],
    )
    soft_delete(world.records["c_exemplar"], expected_version=world.records["c_exemplar"].version)
    return {
        "units": [world.a.pk, world.old_a.pk, world.p1.pk],
        "current_units": [world.a.pk, world.b.pk, world.p1.pk],
        "organizations": [org.pk for org in world.orgs.values()],
        "initiatives": [world.records[k].pk for k in ("a", "b", "c", "a_farmers")],
        "exemplars": [world.records[k].pk for k in ("a_exemplar", "b_exemplar", "c_exemplar")],
        "indicators": [indicator.pk],
        "progress-updates": [update.pk],
        "steering_members": [world.users.steering_a.pk],
    }


# Body fields that name another record, and the kind of record they name.
BODY_REFERENCES = {
    "organization": "organizations", "parent": "organizations", "initiative": "initiatives",
    "replicates": "initiatives", "unit": "current_units", "steering_member": "steering_members",
}


def _existing(value, ids):
    """An even generated id ("0" too) becomes one of `ids`, deterministically; anything else stays as it is."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if not ids or not isinstance(value, int) or isinstance(value, bool) or value % 2:
        return value
    return ids[(value // 2) % len(ids)]


def use_existing_ids(case, existing_ids):
    """Point half of the generated ids (path and body) at records that exist."""
    if case.path_parameters and "id" in case.path_parameters:
        kind = case.operation.path.removeprefix("/api/v1/").split("/")[0]
        case.path_parameters["id"] = _existing(case.path_parameters["id"], existing_ids.get(kind))
    if isinstance(case.body, dict):
        for field, kind in BODY_REFERENCES.items():
            if field in case.body:
                case.body[field] = _existing(case.body[field], existing_ids[kind])


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_api_conforms_to_its_schema(case, world, existing_ids, in_test_transaction):
    use_existing_ids(case, existing_ids)
    _row, token = AuthToken.objects.create(user=world.users.admin)  # a fresh one: DELETE /auth/token/ revokes it
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
