from django.apps import AppConfig


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
