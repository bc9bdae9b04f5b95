from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.reporting"
    label = "reporting"
    default_auto_field = "django.db.models.BigAutoField"
