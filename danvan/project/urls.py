from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from danvan.accounts.views import LoginView
from danvan.audit.views import AuditLogView
from danvan.project.home import home
from danvan.project.operations import OperationsView, RetryTaskView
from danvan.core.views import healthz, readyz

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("audit/", AuditLogView.as_view(), name="audit_log"),
    path("van-hanh/", OperationsView.as_view(), name="operations"),
    path("van-hanh/viec/<str:task_id>/chay-lai/", RetryTaskView.as_view(), name="operations_retry"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("danvan.accounts.urls")),
    path("units/", include("danvan.territory.urls")),
    path("organizations/", include("danvan.organizations.urls")),
    path("reports/documents/", include("danvan.documents.urls")),
    path("reports/", include("danvan.reporting.urls")),
    path("dashboards/", include("danvan.dashboards.urls")),
    path("notifications/", include("danvan.notifications.urls")),
    path("imports/", include("danvan.imports.urls")),
    path("api/v1/", include("danvan.project.api")),
    path("", include("danvan.initiatives.urls")),
    path("admin/", admin.site.urls),
]
