from django.contrib.auth import views as auth_views
from django.urls import path

from danvan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
]
