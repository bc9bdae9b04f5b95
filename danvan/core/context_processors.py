from django.conf import settings

from danvan.core.scoping import policy


def navigation(request):
    """What the navigation bar needs: whether the user reads the audit log, administers accounts, operates the
    installation (the policy answers; the template only shows)."""
    user = getattr(request, "user", None)
    can = {"danvan_can_audit": user is not None and policy().can_audit(user),
           "danvan_can_admin_accounts": user is not None and policy().may_administer_accounts(user),
           "danvan_can_operate": user is not None and policy().may_operate(user)}
    # The administration links share one menu ("Quản trị"), so the bar keeps one line at 1366 px.
    can["danvan_admin_menu"] = any(can.values()) or bool(user is not None and getattr(user, "is_staff", False))
    return {**can, "language_names": LANGUAGE_NAMES}


# The language picker names each language in itself: settings.LANGUAGES as written, never through gettext
# ({% get_available_languages %} translates them: Django's Vietnamese catalogue turns "English" into "Tiếng Anh").
LANGUAGE_NAMES = tuple(settings.LANGUAGES)
