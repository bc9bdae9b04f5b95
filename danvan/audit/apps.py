from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.audit"
    label = "audit"
    verbose_name = "Nhật ký"
    default_auto_field = "django.db.models.BigAutoField"
