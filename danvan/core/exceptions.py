"""Errors a user can cause. Each carries a translated, human message; views turn them into form
errors or 4xx JSON, never a 500.

In the API a request that does not match the schema is a 400; a well-formed request that breaks a domain
rule (a reason missing for this step, a date before the last one) is a 422; a conflict with the record's
current state (stale version, a step not allowed from this status) is a 409; out of scope is a 403/404.
"""


class DomainError(Exception):
    status_code = 422

    def __init__(self, message, *, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class TransitionNotAllowed(DomainError):
    status_code = 409


class StaleEdit(DomainError):
    """Somebody saved the record after this editor loaded it."""

    status_code = 409

    def __init__(self, message, *, current=None, changes=None):
        super().__init__(message)
        self.current = current
        self.changes = changes or []


class NotInScope(DomainError):
    status_code = 403


class InUse(DomainError):
    """A record cannot be deleted while live records still depend on it."""

    status_code = 409

    def __init__(self, message, *, users=None):
        super().__init__(message)
        self.users = users or []
