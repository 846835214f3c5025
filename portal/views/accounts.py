"""Accounts: register, log in and out, profile, password change, the person's data and account closing."""

import json

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import personal_data
from ..access import ROLE_LABELS, is_staff_member, roles
from ..forms import CloseAccountForm, LoginForm, ProfileForm, RegisterForm
from ..versioning import save_checked


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Staff and admins land on their work; residents on the home page.
        if is_staff_member(self.request.user):
            return resolve_url("work")
        return super().get_default_redirect_url()


def lockout(request, credentials, *args, **kwargs):
    """Shown by django-axes instead of the login page while a login is locked."""
    return render(
        request,
        "accounts/login.html",
        {"form": LoginForm(request), "locked_out": True},
        status=403,
    )


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("profile")
    form = RegisterForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        login(request, user, backend="portal.backends.PortalBackend")
        messages.success(request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.real_name})
        return redirect("profile")
    return render(request, "accounts/register.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid() and save_checked(form) is not None:
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    context = {"form": form, "role_labels": [ROLE_LABELS[r] for r in roles(request.user)]}
    return render(request, "accounts/profile.html", context, status=409 if form.saved_version else 200)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("profile")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_GET
def my_data(request):
    """Everything the portal holds about the person, as a JSON download (个人信息查阅、复制)."""
    body = json.dumps(personal_data.export(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def close_account(request):
    """The person closes their account: asked for the password, then forgotten (figures kept)."""
    form = CloseAccountForm(request.POST or None, user=request.user)
    if form.is_valid():
        user = request.user
        personal_data.close_account(user)
        logout(request)
        messages.success(request, _("Your account is closed and your personal data removed."))
        return redirect("home")
    return render(request, "accounts/close.html", {"form": form})
