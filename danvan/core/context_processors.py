from django.conf import settings

from danvan.core.scoping import policy


def navigation(request):
    """What the navigation bar needs: whether the user reads the audit log, administers accounts."""
    user = getattr(request, "user", None)
    return {"danvan_can_audit": user is not None and policy().can_audit(user),
            "danvan_can_admin_accounts": user is not None and policy().may_administer_accounts(user),
            "language_names": LANGUAGE_NAMES}


# The language picker names each language in itself: settings.LANGUAGES as written, never through gettext
# ({% get_available_languages %} translates them: Django's Vietnamese catalogue turns "English" into "Tiếng Anh").
LANGUAGE_NAMES = tuple(settings.LANGUAGES)
