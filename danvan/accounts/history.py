"""An account's history as people read it: its own changes (name, e-mail, lock, password) and the assignments
given and taken away, newest first (core.audit's readable form)."""
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from danvan.accounts.models import Assignment
from danvan.core.audit import describe_entry


QUIET_WHEN_OFF = {"is_staff", "is_superuser"}


def _no():
    from django.utils.translation import gettext

    return gettext("Không")


def account_entries(user):
    own = LogEntry.objects.get_for_object(user)
    assignments = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Assignment),
                                          additional_data__user_id=user.pk)
    return (own | assignments).select_related("actor", "content_type").order_by("-timestamp", "-pk")


def _assignment_action(entry, described):
    from django.utils.translation import gettext as _

    names = {LogEntry.Action.CREATE: _("Thêm phân công"), LogEntry.Action.DELETE: _("Bỏ phân công")}
    described["action"] = names.get(entry.action, described["action"])
    described["readable"] = [c for c in described["readable"] if c["field"] not in ("user", "user_id")]
    if entry.action == LogEntry.Action.DELETE:
        # a removal shows what was taken away (before → nothing)
        for change in described["readable"]:
            if not change["before"] and change["after"]:
                change["before"], change["after"] = change["after"], ""
    return described


def account_history(user, limit: int = 100) -> list[dict]:
    assignment_type = ContentType.objects.get_for_model(Assignment).pk
    out = []
    for entry in account_entries(user)[:limit]:
        described = describe_entry(entry)
        if entry.content_type_id == assignment_type:
            described = _assignment_action(entry, described)
        elif entry.action == LogEntry.Action.CREATE:
            # a new account's "staff: no, superuser: no" says nothing
            described["readable"] = [c for c in described["readable"]
                                     if not (c["field"] in QUIET_WHEN_OFF and c["after"] == str(_no()))]
        out.append(described)
    return out
