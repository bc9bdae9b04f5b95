from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.territory"
    label = "territory"
    default_auto_field = "django.db.models.BigAutoField"
