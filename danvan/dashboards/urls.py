from django.urls import path

from danvan.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/<int:pk>/", views.UnitDashboardView.as_view(), name="unit"),
    path("alerts/", views.AlertsView.as_view(), name="alerts"),
]
