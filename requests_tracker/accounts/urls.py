"""Accounts: sign-up and its confirmation, sign-in and out, password reset, the profile."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from requests_tracker.accounts import views
from requests_tracker.accounts.rate_limits import rate_limited

urlpatterns = [
    # Sign-up and reset send email: their POSTs are rate-limited per IP and per address typed.
    path(
        "signup/",
        rate_limited(group="signup", address_field="email")(views.signup),
        name="signup",
    ),
    path("signup/sent/", views.signup_sent, name="signup-sent"),
    path("confirm/<uidb64>/<token>/", views.signup_confirm, name="signup-confirm"),
    path("login/", views.LoginView.as_view(), name="login"),
    # POST only (Django's LogoutView); LOGOUT_REDIRECT_URL leads to the home page.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_create, name="api-token-create"),
    path("profile/tokens/<int:pk>/revoke/", views.token_revoke, name="api-token-revoke"),
    path(
        "password-reset/",
        rate_limited(group="password_reset", address_field="email")(
            views.PasswordResetView.as_view()
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
