from django.urls import path

from danvan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
