from django.db.models import Prefetch

from danvan.core.api.views import ScopedReadOnlyViewSet, with_search_alias
from danvan.territory.api.serializers import AdminUnitSerializer
from danvan.territory.filtersets import AdminUnitFilterSet
from danvan.territory.models import AdminUnit, UnitLineage


class AdminUnitViewSet(ScopedReadOnlyViewSet):
    """Administrative units, current and historic (read-only reference data).

    Filters: `q`/`search` (accents ignored: "dak lak" finds "Đắk Lắk"), `level`, `kind`, `historic`,
    `province` (id), `code`.
    """

    queryset = AdminUnit.objects.all()
    serializer_class = AdminUnitSerializer
    filterset_class = with_search_alias(AdminUnitFilterSet)
    select_related_fields = ("parent", "province", "successor")
    prefetch_related_fields = (
        Prefetch("successor_links", queryset=UnitLineage.objects.select_related("new")),
    )
