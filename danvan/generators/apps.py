from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.generators"
    label = "generators"
    verbose_name = "Dữ liệu mẫu"
    default_auto_field = "django.db.models.BigAutoField"
