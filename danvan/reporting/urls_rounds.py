"""Reporting rounds and periodic reports (included at /reports/ in the "reporting" namespace)."""
from django.urls import path

from danvan.reporting import views

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("rounds/add/", views.RoundCreateView.as_view(), name="round_add"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/rollup/", views.RoundRollupView.as_view(), name="round_rollup"),
    path("rounds/<int:pk>/remind/", views.RoundRemindView.as_view(), name="round_remind"),
    path("rounds/<int:pk>/close/", views.RoundCloseView.as_view(), name="round_close"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("<int:pk>/document/<str:fmt>/", views.ReportDocumentView.as_view(), name="report_document"),
    path("<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("<int:pk>/accept/", views.ReportAcceptView.as_view(), name="report_accept"),
    path("<int:pk>/return/", views.ReportReturnView.as_view(), name="report_return"),
]
