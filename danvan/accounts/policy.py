"""Who may take which step: one function per rule, `rule(user, obj) -> bool`, read from the user's scope
(core.scoping.get_scope, built from their assignments). The workflow machines name these rules; forms, the API
and templates ask the machines, never the scope directly.
"""
from danvan.core.scoping import get_scope


def may_change(user, obj) -> bool:
    """The record lies in what the user may change (the one scoping mechanism: `editable_by`)."""
    model = type(obj)
    manager = getattr(model, "all_objects", model._default_manager)
    return manager.editable_by(user).filter(pk=obj.pk).exists()


def may_change_initiative(user, initiative) -> bool:
    """Every lifecycle step but recognition: whoever may change the initiative (Ban Dân vận staff and
    organisation reporters of its scope, the steering member assigned to it)."""
    return may_change(user, initiative)


def may_recognise(user, initiative) -> bool:
    """Recognising an initiative is for the level that recognises: those who change records at the level of the
    initiative's province (its Ban Dân vận staff) or nationally, never a commune editor, a steering member or an
    organisation's reporter."""
    scope = get_scope(user)
    return scope.national_change or (initiative.province_id is not None
                                     and initiative.province_id in scope.change_provinces)


def may_open_round(user, issuing_unit) -> bool:
    """Province staff open reporting rounds for their province; national staff for the nation or any province."""
    scope = get_scope(user)
    return scope.national_change or (issuing_unit is not None and issuing_unit.pk in scope.change_provinces)


def may_submit_report(user, report) -> bool:
    """A report is written and handed in by whoever may change it (the reporting unit's scope)."""
    return may_change(user, report)


def may_review_report(user, report) -> bool:
    """Only the level that opened the round (its staff, or national staff) accepts or returns its reports."""
    return may_close_round(user, report.round)


def may_close_round(user, round_) -> bool:
    """A round is closed by the level that opened it."""
    return may_change(user, round_)


def may_handle_import(user, job) -> bool:
    """An import job is confirmed or cancelled only by the person who uploaded it."""
    return user is not None and user.is_authenticated and job.user_id == user.pk


def system_only(user, obj) -> bool:
    """Steps only the system takes (the background worker): no signed-in user may."""
    return False
