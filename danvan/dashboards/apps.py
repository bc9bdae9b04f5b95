from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _fill_cells_after_migrate(sender, using="default", **kwargs):
    """A database migrated with records but no cells yet (first deployment of dashboards): count them once."""
    from danvan.dashboards import aggregates
    from danvan.dashboards.models import StatCell
    from danvan.initiatives.models import Exemplar, Initiative

    if StatCell.objects.using(using).exists():
        return
    if Initiative.all_objects.using(using).exists() or Exemplar.all_objects.using(using).exists():
        aggregates.rebuild()


class Config(AppConfig):
    name = "danvan.dashboards"
    label = "dashboards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from danvan.dashboards import aggregates, services

        aggregates.connect()
        services.connect()
        post_migrate.connect(_fill_cells_after_migrate, sender=self, dispatch_uid="dashboards-fill-cells")
