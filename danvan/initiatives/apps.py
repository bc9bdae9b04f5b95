from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.initiatives"
    label = "initiatives"
    verbose_name = "Mô hình và điển hình"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from danvan.core.services import register_audited
        from danvan.initiatives.models import Exemplar, Indicator, Initiative, ProgressUpdate

        register_audited(Initiative, Exemplar, Indicator, ProgressUpdate)
