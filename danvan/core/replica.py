"""Reads that may go to a PostgreSQL read replica, and everything else to the primary (issue 11, item 4).

With DATABASE_REPLICA_URL set, settings add a "replica" database and this router. A read goes to the replica
only when all of these hold:

- the request is a GET or HEAD of a page that only shows figures (`REPLICA_READ_NAMESPACES`: dashboards,
  reports, documents, public unit pages) or an export (`?export=`): `ReplicaReadsMiddleware` marks it;
- the user has not written anything in the last REPLICA_PIN_SECONDS (a successful POST/PUT/PATCH/DELETE
  sets a short cookie): a user sees their own change at once, whatever the replica's lag;
- the primary is not inside a transaction (a read inside a write's transaction must see that transaction).

Every write goes to the primary; migrations run on the primary only (the replica copies them). Everything
before the view (session, user, permissions' assignments) is read from the primary.
"""
import contextvars
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "danvan_primary"
_replica_reads = contextvars.ContextVar("danvan_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads():
    """Within this block, reads may go to the replica (the router still keeps transactions on the primary)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not (_replica_reads.get() and replica_configured()):
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def _reads_only_figures(request, resolver_match) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.GET.get("export"):
        return True
    return bool(set(resolver_match.namespaces) & set(settings.REPLICA_READ_NAMESPACES))


class ReplicaReadsMiddleware:
    """Marks the views whose reads may use the replica, and pins a user who just wrote to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._replica_token = None
        try:
            response = self.get_response(request)
        finally:
            if request._replica_token is not None:
                _replica_reads.reset(request._replica_token)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400 and replica_configured():
            response.set_cookie(PIN_COOKIE, str(int(time.time()) + settings.REPLICA_PIN_SECONDS),
                                max_age=settings.REPLICA_PIN_SECONDS, httponly=True, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not replica_configured() or _pinned(request):
            return None
        if _reads_only_figures(request, request.resolver_match):
            request._replica_token = _replica_reads.set(True)
        return None


def _pinned(request) -> bool:
    try:
        return int(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


def lag_seconds() -> float | None:
    """How far the replica is behind the primary, in seconds (0 when it has replayed all it received); None
    without a replica. Raises when the replica does not answer (the caller reports it)."""
    if not replica_configured():
        return None
    with connections[REPLICA].cursor() as cursor:
        if connections[REPLICA].vendor != "postgresql":
            return 0.0   # a replica alias on another engine (tests): no replication to measure
        cursor.execute("SELECT CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() "
                       "THEN 0 ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END")
        value = cursor.fetchone()[0]
    return max(0.0, float(value or 0))
