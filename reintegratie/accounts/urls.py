from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_http_methods

from . import views
from .forms import LoginForm

app_name = "accounts"
# Django's class-based auth views answer PUT like POST, or answer before looking at the method.
get_or_post = require_http_methods(["GET", "POST"])

urlpatterns = [
    path(
        "inloggen/",
        get_or_post(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset, and the activation link of a new client account (the same one-time token).
    path(
        "wachtwoord-vergeten/",
        get_or_post(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset_form.html",
                email_template_name="accounts/password_reset_email.txt",
                subject_template_name="accounts/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password-reset-done"),
            )
        ),
        name="password-reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "wachtwoord-kiezen/<uidb64>/<token>/",
        get_or_post(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_set_form.html", success_url=reverse_lazy("accounts:password-set-done")
            )
        ),
        name="activate",
    ),
    path(
        "wachtwoord-kiezen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_set_done.html"),
        name="password-set-done",
    ),
    path("tweestapsverificatie/", views.otp_verify, name="otp-verify"),
    path("tweestapsverificatie/instellen/", views.otp_setup, name="otp-setup"),
    path("gebruikers/<int:user_id>/ontgrendelen/", views.account_unlock, name="account-unlock"),
]
