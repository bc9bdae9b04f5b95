from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.dashboards"
    label = "dashboards"
    default_auto_field = "django.db.models.BigAutoField"
