from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.organizations"
    label = "organizations"
    verbose_name = "Tổ chức"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from danvan.core.services import register_audited
        from danvan.organizations.models import Organization

        register_audited(Organization)
