from django.apps import AppConfig


class Config(AppConfig):
    name = "danvan.documents"
    label = "documents"
    verbose_name = "Văn bản"
    default_auto_field = "django.db.models.BigAutoField"
