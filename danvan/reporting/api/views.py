"""The reporting API: rounds (open, close) and periodic reports (write, submit, accept, return, diff).

Reads start from `visible_to(user)`, writes from `editable_by(user)`; every step goes through
reporting.services, so the API and the pages follow the same rules.
"""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from danvan.core.api.views import HistoryMixin, ScopedReadOnlyViewSet
from danvan.reporting import services
from danvan.reporting.api.serializers import (
    ChangeSerializer, OpenRoundSerializer, PeriodicReportSerializer, ReportingRoundSerializer, WorkflowStepSerializer,
)
from danvan.reporting.filtersets import ReportFilterSet, RoundFilterSet
from danvan.reporting.models import PeriodicReport, ReportingRound


class ReportingRoundViewSet(HistoryMixin, ScopedReadOnlyViewSet):
    """Reporting rounds. POST opens one (province or national staff); POST /{id}/close/ closes it.

    Filters: `q`, `unit` (rounds opened by that province, or by the province of that commune), `period_kind`,
    `status`, `period_code`, `national`, `year`.
    """

    queryset = ReportingRound.objects.all()
    serializer_class = ReportingRoundSerializer
    filterset_class = RoundFilterSet
    select_related_fields = ("issuing_unit",)

    @extend_schema(summary=_("Mở đợt báo cáo"), request=OpenRoundSerializer, responses={201: ReportingRoundSerializer})
    def create(self, request):
        payload = OpenRoundSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        round_ = services.open_round(data.get("issuing_unit"), data["period"], data["deadline"], request.user,
                                     title=data.get("title", ""))
        return Response(ReportingRoundSerializer(round_, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("Đóng đợt báo cáo"), request=WorkflowStepSerializer, responses=ReportingRoundSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        round_ = self.get_object()
        payload = WorkflowStepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.close_round(round_, user=request.user, expected_version=payload.validated_data["version"])
        return Response(self.get_serializer(round_).data)


class PeriodicReportViewSet(HistoryMixin, mixins.UpdateModelMixin, ScopedReadOnlyViewSet):
    """Periodic reports. PATCH writes the narrative of a draft or returned report (send `version`);
    POST /{id}/submit/ hands it in (figures frozen); /accept/ and /return/ are for the level that opened the round;
    GET /{id}/diff/ lists the numbers that changed since it was frozen.

    Filters: `round`, `state` (missing, submitted, returned, accepted, late), `status`, `unit`.
    """

    queryset = PeriodicReport.objects.all()
    serializer_class = PeriodicReportSerializer
    filterset_class = ReportFilterSet
    select_related_fields = ("round", "unit")
    http_method_names = ["get", "patch", "post", "head", "options"]

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected_version = data.pop("version")
        report = serializer.instance
        for name, value in data.items():
            setattr(report, name, value)
        serializer.instance = services.update_narrative(report, user=self.request.user,
                                                        expected_version=expected_version)

    def _step(self, request, func, extra):
        report = self.get_object()
        payload = WorkflowStepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        func(report, user=request.user, expected_version=payload.validated_data["version"], **extra(payload))
        return Response(self.get_serializer(report).data)

    @extend_schema(summary=_("Nộp báo cáo"), request=WorkflowStepSerializer, responses=PeriodicReportSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        return self._step(request, services.submit, extra=lambda p: {})

    @extend_schema(summary=_("Tiếp nhận báo cáo"), request=WorkflowStepSerializer, responses=PeriodicReportSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        return self._step(request, services.accept, extra=lambda p: {"comment": p.validated_data["comment"]})

    @extend_schema(summary=_("Trả lại báo cáo kèm ý kiến"), request=WorkflowStepSerializer,
                   responses=PeriodicReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", filter_backends=[])
    def return_(self, request, pk=None):
        return self._step(request, services.return_with_comment,
                          extra=lambda p: {"comment": p.validated_data["comment"]})

    @extend_schema(summary=_("Chênh lệch so với số liệu đã chốt"), responses=ChangeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def diff(self, request, pk=None):
        report = self.get_object()
        changes = services.snapshot_diff(report)
        return Response(ChangeSerializer(
            [{**c.__dict__, "delta": c.delta} for c in changes], many=True,
        ).data)
