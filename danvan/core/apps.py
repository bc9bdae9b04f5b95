from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_tables(sender, using, verbosity=0, **kwargs):
    """`migrate` also creates the table of a database cache (CACHES), so no extra `createcachetable` step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class Config(AppConfig):
    name = "danvan.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from danvan.core import checks  # noqa: F401  (registers the deployment checks)

        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="danvan-create-cache-tables")
