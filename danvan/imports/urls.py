from django.urls import path

from danvan.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("templates/<str:kind>.xlsx", views.TemplateView.as_view(), name="template"),
    path("<int:pk>/", views.JobView.as_view(), name="job"),
    path("<int:pk>/progress/", views.ProgressView.as_view(), name="progress"),
    path("<int:pk>/confirm/", views.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/retry/", views.RetryView.as_view(), name="retry"),
    path("<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
]
