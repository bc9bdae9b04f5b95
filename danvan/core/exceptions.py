"""Errors a user can cause. Each carries a translated, human message; views turn them into form
errors or 4xx JSON, never a 500."""


class DomainError(Exception):
    status_code = 400

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
