"""Sign-up and its confirmation link, the profile, and the password reset through the outbox."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from requests_tracker.access.tokens import own_token_for, own_tokens
from requests_tracker.accounts import services
from requests_tracker.accounts.forms import (
    ApiTokenForm,
    OutboxPasswordResetForm,
    ProfileForm,
    SignUpForm,
)
from requests_tracker.accounts.models import User
from requests_tracker.accounts.tokens import NewToken, create_api_token, revoke_api_token

# The confirmation link logs the new user in; the other backend only watches failed logins.
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"
AFTER_CONFIRMATION_URL = reverse_lazy("dashboard")


def remember_language(response: HttpResponseBase, *, language: str) -> None:
    """Use ``language`` for the rest of this request and, through the cookie, for later ones."""
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("profile")
    form = SignUpForm(
        request.POST or None, initial={"preferred_language": translation.get_language()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The same page whether or not the address had an account (services.sign_up says why).
        services.sign_up(
            username=data["username"],
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            password=data["password1"],
            preferred_language=data["preferred_language"],
            now=timezone.now(),
        )
        return redirect("signup-sent")
    return render(request, "accounts/signup.html", {"form": form})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = services.confirm_signup(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/signup_confirm_invalid.html", status=400)
    login(request, user, backend=PASSWORD_BACKEND)
    messages.success(request, _("Your account is active. Welcome!"))
    response = HttpResponseRedirect(AFTER_CONFIRMATION_URL)
    remember_language(response, language=user.preferred_language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    # The form edits a copy, so a refused submission leaves request.user (and the page) unchanged.
    editable = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=editable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.update_profile(
            user=editable,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            preferred_language=data["preferred_language"],
            alert_deadline_soon=data["alert_deadline_soon"],
            alert_deadline_today=data["alert_deadline_today"],
            alert_deadline_passed=data["alert_deadline_passed"],
            reminder_working_days=data["reminder_working_days"],
        )
        response = redirect("profile")
        remember_language(response, language=user.preferred_language)
        messages.success(request, _("Your profile is saved."))
        return response
    return _profile_page(request, form=form)


def _profile_page(
    request: HttpRequest,
    *,
    form: ProfileForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_token: NewToken | None = None,
    status: int = 200,
) -> HttpResponse:
    assert isinstance(request.user, User)
    memberships = request.user.memberships.select_related("organization").order_by(
        "organization__name"
    )
    context = {
        "form": form or ProfileForm(instance=User.objects.get(pk=request.user.pk)),
        "memberships": memberships,
        "tokens": own_tokens(request.user),
        "token_form": token_form or ApiTokenForm(),
        "new_token": new_token,
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_http_methods(["POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    """A new API token; its key is on this one page, never stored, never shown again."""
    assert isinstance(request.user, User)
    token_form = ApiTokenForm(request.POST)
    if not token_form.is_valid():
        return _profile_page(request, token_form=token_form, status=400)
    new = create_api_token(
        user=request.user, name=token_form.cleaned_data["name"], now=timezone.now()
    )
    response = _profile_page(request, new_token=new)
    # The key is in this page only: no cache keeps it.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET), then revoke (POST) one of the user's own tokens."""
    token = own_token_for(request.user, pk)
    if request.method == "POST" and token.revoked_at is None:
        revoke_api_token(token=token, now=timezone.now())
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("profile")
    if request.method == "POST":
        return redirect("profile")
    return render(request, "accounts/token_revoke.html", {"token": token})


class LoginView(auth_views.LoginView):
    """Django's sign-in; the pages then speak the user's stored language, whatever the browser
    asks for, until the user picks another one."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        assert isinstance(user, User)  # the only user model
        remember_language(response, language=user.preferred_language)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view; the link (built on SITE_URL) leaves from the outbox, so the page answers
    the same, as fast, for a known and an unknown address, and whether or not mail is up."""

    form_class = OutboxPasswordResetForm
