from django.urls import path
from django.contrib.auth import views as auth_views

from danvan.accounts import account_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    # a forgotten password: by e-mail where a mail server is configured, or by the administrator's link
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"), name="password_reset_complete"),
    # the account administrator's pages
    path("manage/", account_views.AccountListView.as_view(), name="account_list"),
    path("manage/new/", account_views.AccountCreateView.as_view(), name="account_create"),
    path("manage/<int:pk>/", account_views.AccountDetailView.as_view(), name="account_detail"),
    path("manage/<int:pk>/edit/", account_views.AccountEditView.as_view(), name="account_edit"),
    path("manage/<int:pk>/active/", account_views.AccountActiveView.as_view(), name="account_active"),
    path("manage/<int:pk>/assignments/", account_views.AssignmentAddView.as_view(), name="assignment_add"),
    path("manage/assignments/<int:pk>/remove/", account_views.AssignmentRemoveView.as_view(),
         name="assignment_remove"),
    path("manage/<int:pk>/password/", account_views.TemporaryPasswordView.as_view(), name="account_password"),
    path("manage/<int:pk>/reset-link/", account_views.ResetLinkView.as_view(), name="account_reset_link"),
]
