from django.apps import AppConfig


def person_name(user) -> str:
    """A person as people name them: the full name; the login name only when no name is recorded."""
    return user.get_full_name().strip() or user.get_username()


class Config(AppConfig):
    name = "danvan.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from danvan.accounts import sessions, tokens  # noqa: F401  (signal receivers)
        from danvan.accounts.models import Assignment
        from danvan.core.services import register_audited

        register_audited(Assignment)
        # People appear by their full name everywhere a user is shown as text (lists, selects, histories,
        # exports, the admin), not by their login name (docs/decisions.md, "Full names").
        from django.contrib.auth import get_user_model

        get_user_model().__str__ = person_name
