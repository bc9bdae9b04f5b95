from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.stats"
    label = "stats"
    verbose_name = "Số liệu"
    default_auto_field = "django.db.models.BigAutoField"
