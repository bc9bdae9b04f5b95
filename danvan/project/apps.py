from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.project"
    label = "project"
    verbose_name = "Dự án"
    default_auto_field = "django.db.models.BigAutoField"
