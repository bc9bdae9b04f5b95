from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _fill_cells_after_migrate(sender, using="default", **kwargs):
    """A database migrated with records but no cells yet (first deployment of the count tables): count them once."""
    from danvan.initiatives.models import Exemplar, Initiative
    from danvan.stats import counts
    from danvan.stats.models import StatCell

    if StatCell.objects.using(using).exists():
        return
    if Initiative.all_objects.using(using).exists() or Exemplar.all_objects.using(using).exists():
        counts.rebuild()


class Config(AppConfig):
    name = "danvan.stats"
    label = "stats"
    verbose_name = "Số liệu"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Not a counting signal: it fills the tables once after `migrate`, as a deployment step.
        post_migrate.connect(_fill_cells_after_migrate, sender=self, dispatch_uid="stats-fill-cells")
