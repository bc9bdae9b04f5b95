from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.reporting"
    label = "reporting"
    verbose_name = "Báo cáo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from danvan.core.services import register_audited
        from danvan.reporting.models import PeriodicReport, ReportingRound

        register_audited(ReportingRound, PeriodicReport)
