from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from danvan.accounts import policy
from danvan.core.api.views import HistoryMixin, ScopedReadOnlyViewSet, ScopedViewSet, with_search_alias
from danvan.initiatives import services
from danvan.initiatives.api.serializers import (
    ExemplarSerializer, IndicatorSerializer, InitiativeSerializer, InitiativeTransitionSerializer,
    ProgressUpdateSerializer, TransitionRequestSerializer,
)
from danvan.initiatives.filtersets import (
    ExemplarFilterSet, IndicatorFilterSet, InitiativeFilterSet, ProgressUpdateFilterSet,
)
from danvan.initiatives.models import Exemplar, Indicator, IndicatorValue, Initiative, ProgressUpdate

PLACED_RELATED = ("organization", "unit", "commune", "province")


def _move_with_organization(serializer):
    """A record counts where its organisation is: a new organisation brings its unit along."""
    organization = serializer.validated_data.get("organization")
    if organization is not None and organization.pk != serializer.instance.organization_id:
        serializer.validated_data["unit"] = organization.unit


class InitiativeViewSet(ScopedViewSet):
    """"Dân vận khéo" initiatives. The status changes only through POST /{id}/transition/.

    Filters (the same as the web list): `q`/`search` (accents ignored), `unit`, `field`, `status`,
    `scope`, `year`, `year_min`, `year_max`, `organization`, `steering_member`, `replicates`, `ordering`.
    """

    queryset = Initiative.objects.all()
    serializer_class = InitiativeSerializer
    filterset_class = with_search_alias(InitiativeFilterSet)
    select_related_fields = (*PLACED_RELATED, "steering_member", "replicates")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:  # each row's allowed transitions: who may change them, for the page in one query
            policy.note_may_change(self.request.user, page)
        return page

    def create_object(self, data):
        submit = data.pop("submit", False)
        return services.register_initiative(Initiative(**data), user=self.request.user, submit=submit)

    def perform_update(self, serializer):
        serializer.validated_data.pop("submit", None)
        _move_with_organization(serializer)
        super().perform_update(serializer)

    def update_object(self, obj, expected_version):
        return services.update_initiative(obj, expected_version=expected_version, user=self.request.user)

    @extend_schema(
        summary=_("Chuyển trạng thái mô hình"), request=TransitionRequestSerializer, responses=InitiativeSerializer,
        description=_("Chỉ các bước trong vòng đời được phép; sai phiên bản → 409; bước không hợp lệ → 409."),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def transition(self, request, pk=None):
        initiative = self.get_object()
        payload = TransitionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        services.transition(
            initiative, data["to_status"], user=request.user, reason=data.get("reason", ""), date=data.get("date"),
            expected_version=data["version"],
        )
        return Response(self.get_serializer(initiative).data)

    @extend_schema(summary=_("Các lần chuyển trạng thái"), responses=InitiativeTransitionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def transitions(self, request, pk=None):
        initiative = self.get_object()
        steps = initiative.transitions.select_related("user").order_by("date", "id")
        return Response(InitiativeTransitionSerializer(steps, many=True).data)


class ExemplarViewSet(ScopedViewSet):
    """Exemplars (điển hình tiên tiến). Filters: `q`/`search`, `unit`, `field`, `kind`, `year`,
    `organization`, `initiative`, `ordering`."""

    queryset = Exemplar.objects.all()
    serializer_class = ExemplarSerializer
    filterset_class = with_search_alias(ExemplarFilterSet)
    select_related_fields = (*PLACED_RELATED, "initiative")

    def create_object(self, data):
        return services.create_exemplar(Exemplar(**data), user=self.request.user)

    def perform_update(self, serializer):
        _move_with_organization(serializer)
        super().perform_update(serializer)

    def update_object(self, obj, expected_version):
        return services.update_exemplar(obj, expected_version=expected_version, user=self.request.user)


class IndicatorViewSet(ScopedViewSet):
    """Outcome indicators of initiatives. Filters: `initiative`, `measure_unit`."""

    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
    select_related_fields = ("initiative",)
    prefetch_related_fields = ("values",)

    def create_object(self, data):
        initiative = data.pop("initiative")
        return services.add_indicator(initiative, user=self.request.user, **data)


class ProgressUpdateViewSet(HistoryMixin, mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Progress reports on initiatives: list, detail and create (with indicator values).

    Filters: `initiative`, `date_from`, `date_to`.
    """

    queryset = ProgressUpdate.objects.all()
    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilterSet
    include_deleted_actions = frozenset({"history"})
    select_related_fields = ("initiative",)
    prefetch_related_fields = (
        Prefetch("values", queryset=IndicatorValue.objects.select_related("indicator")), "evidence",
    )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.record_progress(
            data["initiative"], text=data["text"], date=data.get("date"), values=data.get("values"),
            user=self.request.user,
        )
