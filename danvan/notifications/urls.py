from django.urls import path

from danvan.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationsView.as_view(), name="list"),
    path("open/", views.NotificationOpenView.as_view(), name="open"),
]
