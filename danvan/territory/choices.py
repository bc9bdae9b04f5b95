"""Unit choices for select boxes, limited to what the user can see and short enough for a phone."""
from danvan.core.scoping import get_scope
from danvan.territory.models import AdminUnit


def unit_choices_for(user) -> list[tuple[int, str]]:
    """Provinces (all, for national users) or the user's provinces with their communes, or their communes."""
    scope = get_scope(user)
    provinces = AdminUnit.objects.provinces()
    if not scope.national_view:
        provinces = provinces.filter(pk__in=scope.view_provinces)
    choices = []
    province_list = list(provinces.order_by("sort_key").only("pk", "name"))
    for p in province_list:
        choices.append((p.pk, p.name))
        if not scope.national_view:
            for c in AdminUnit.objects.communes().filter(province=p).order_by("sort_key").only("pk", "name"):
                choices.append((c.pk, "\u00a0\u00a0" + c.name))
    if scope.view_communes:
        for c in AdminUnit.objects.filter(pk__in=scope.view_communes).order_by("sort_key"):
            choices.append((c.pk, c.name))
    return choices
