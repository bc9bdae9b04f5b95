from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
    default_auto_field = "django.db.models.BigAutoField"
