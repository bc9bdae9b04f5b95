from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.documents"
    label = "documents"
    verbose_name = "Văn bản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from danvan.core.services import register_audited
        from danvan.documents.models import IssuedDocument

        register_audited(IssuedDocument)
