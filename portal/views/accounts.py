"""Accounts: register with a code, log in (with a code for staff on a new browser), recover, profile."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import limits, personal_data, phonecodes, recovery
from ..access import ROLE_LABELS, is_staff_member, roles
from ..forms import (
    CloseAccountForm,
    CodeForm,
    LoginForm,
    PhoneForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    SlipForm,
)
from ..middleware import client_ip
from ..models import User
from ..versioning import save_checked

BACKEND = "portal.backends.PortalBackend"
BROWSER_COOKIE = "gj_browser"
BROWSER_DAYS = 30
SENT_MESSAGE = _("If this number can receive text messages, a 6-digit code is on its way. It is valid for 10 minutes.")


def _known_browser(request, user) -> bool:
    """Has this browser completed a second factor for `user` in the last 30 days?"""
    try:
        value = signing.get_cookie_signer(salt="portal.browser").unsign(
            request.COOKIES.get(BROWSER_COOKIE, ""), max_age=BROWSER_DAYS * 86400
        )
    except signing.BadSignature:
        return False
    return str(user.pk) in value.split(",")


def _remember_browser(request, response, user) -> None:
    # One cookie per browser; each login through it renews the 30 days for the users it lists.
    try:
        known = signing.get_cookie_signer(salt="portal.browser").unsign(
            request.COOKIES.get(BROWSER_COOKIE, ""), max_age=BROWSER_DAYS * 86400
        )
        ids = [pk for pk in known.split(",") if pk and pk != str(user.pk)][-4:]
    except signing.BadSignature:
        ids = []
    value = signing.get_cookie_signer(salt="portal.browser").sign(",".join([*ids, str(user.pk)]))
    response.set_cookie(
        BROWSER_COOKIE,
        value,
        max_age=BROWSER_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def needs_second_factor(user) -> bool:
    return settings.STAFF_SECOND_FACTOR and (is_staff_member(user) or user.is_staff or user.is_superuser)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if needs_second_factor(user) and not _known_browser(self.request, user):
            return _start_second_factor(self.request, user, self.get_redirect_url())
        response = super().form_valid(form)
        if not user.phone_verified:
            # Accounts made before codes existed are asked once per login; the profile has the button.
            messages.warning(
                self.request, _("Please confirm that your mobile number is yours: “Verify my number” in your profile.")
            )
        return response

    def get_default_redirect_url(self):
        # Staff and admins land on their work; residents on the home page.
        if is_staff_member(self.request.user):
            return resolve_url("work")
        return super().get_default_redirect_url()


def _start_second_factor(request, user, next_url: str):
    request.session["second_factor"] = {"user": user.pk, "next": next_url}
    try:
        phonecodes.send_code(user.phone, phonecodes.Purpose.LOGIN, client_ip(request), community=user.community_id)
    except phonecodes.CodeError as error:
        messages.warning(request, str(error))
    return redirect("login_code")


@require_http_methods(["GET", "POST"])
def login_code(request):
    """Staff and admins on a browser not seen for 30 days: the SMS code after the password."""
    pending = request.session.get("second_factor")
    if not pending:
        return redirect("login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return redirect("login")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            phonecodes.check_code(user.phone, phonecodes.Purpose.LOGIN, form.cleaned_data["code"], client_ip(request))
        except phonecodes.CodeError as error:
            form.add_error("code", str(error))
        else:
            next_url = pending.get("next") or ""
            recovery.confirm_phone(user)  # the code reached the phone: the number is theirs
            login(request, user, backend=BACKEND)  # a new session key: the pending step goes with the old one
            if not next_url or not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                next_url = reverse("work") if is_staff_member(user) else settings.LOGIN_REDIRECT_URL
            response = redirect(next_url)
            _remember_browser(request, response, user)
            return response
    return render(request, "accounts/login_code.html", {"form": form, "masked": user.masked_phone})


def lockout(request, credentials, *args, **kwargs):
    """Shown by django-axes instead of the login page while a login is locked."""
    return render(
        request,
        "accounts/login.html",
        {"form": LoginForm(request), "locked_out": True},
        status=403,
    )


def _phone_step(request, *, purpose: str, session_key: str, next_name: str, template: str, notice_for=None):
    """Number → code: send a code (or the notice `notice_for(phone)` returns) and go on to the next step.

    The page answers the same whatever the number: whether it has an account shows only on the phone.
    """
    form = PhoneForm(request.POST or None, initial={"phone": request.session.get(session_key, "")})
    if form.is_valid():
        phone = form.cleaned_data["phone"]
        notice, deliver = notice_for(phone) if notice_for else ("", True)
        try:
            phonecodes.send_code(phone, purpose, client_ip(request), notice=notice, deliver=deliver)
        except phonecodes.CodeError as error:
            form.add_error("phone", str(error))
        else:
            request.session[session_key] = phone
            messages.info(request, SENT_MESSAGE)
            return redirect(next_name)
    return render(request, template, {"form": form})


def _register_notice(phone: str) -> tuple[str, bool]:
    if User.objects.filter(phone=phone).exists():
        return _("This number already has an account. To get back in, use “Forgot password” on the login page."), True
    return "", True


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("profile")
    return _phone_step(
        request,
        purpose=phonecodes.Purpose.REGISTER,
        session_key="register_phone",
        next_name="register_verify",
        template="accounts/register.html",
        notice_for=_register_notice,
    )


@require_http_methods(["GET", "POST"])
def register_verify(request):
    if request.user.is_authenticated:
        return redirect("profile")
    phone = request.session.get("register_phone")
    if not phone:
        return redirect("register")
    form = RegisterForm(request.POST or None, phone=phone)
    if form.is_valid():
        try:
            phonecodes.check_code(phone, phonecodes.Purpose.REGISTER, form.cleaned_data["code"], client_ip(request))
            with transaction.atomic():
                user = form.save()
                recovery.confirm_phone(user)
        except phonecodes.CodeError as error:
            form.add_error("code", str(error))
        except IntegrityError:
            form.add_error("code", _("This code cannot be used any more. Ask for a new one."))
        else:
            del request.session["register_phone"]
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.real_name})
            return redirect("profile")
    return render(request, "accounts/register_verify.html", {"form": form, "masked": _mask(phone)})


def _mask(phone: str) -> str:
    from ..models import mask_phone

    return mask_phone(phone)


def _reset_notice(phone: str) -> tuple[str, bool]:
    # An unknown or disabled number gets a code row like any other (so wrong codes answer alike) but no SMS.
    return "", User.objects.filter(phone=phone, is_active=True).exists()


@require_http_methods(["GET", "POST"])
def password_forgot(request):
    return _phone_step(
        request,
        purpose=phonecodes.Purpose.RESET,
        session_key="reset_phone",
        next_name="password_reset",
        template="accounts/password_forgot.html",
        notice_for=_reset_notice,
    )


@require_http_methods(["GET", "POST"])
def password_reset(request):
    phone = request.session.get("reset_phone")
    if not phone:
        return redirect("password_forgot")
    form = ResetPasswordForm(request.POST or None, phone=phone)
    if form.is_valid():
        try:
            phonecodes.check_code(phone, phonecodes.Purpose.RESET, form.cleaned_data["code"], client_ip(request))
        except phonecodes.CodeError as error:
            form.add_error("code", str(error))
        else:
            user = User.objects.filter(phone=phone, is_active=True).first()
            if user is not None:  # always so: unknown numbers never receive a code
                recovery.set_password(user, form.cleaned_data["password1"])
                recovery.confirm_phone(user)
            del request.session["reset_phone"]
            messages.success(request, _("Your password has been changed. Log in with the new password."))
            return redirect("login")
    return render(request, "accounts/password_reset.html", {"form": form, "masked": _mask(phone)})


@require_http_methods(["GET", "POST"])
def password_slip(request):
    """Redeem a one-time reset slip printed at the desk."""
    form = SlipForm(request.POST or None)
    if form.is_valid():
        try:
            if not limits.hit(f"slip:ip:{client_ip(request)}", 10, 3600):
                raise recovery.SlipError
            recovery.redeem_slip(form.cleaned_data["token"], form.cleaned_data["password1"])
        except (recovery.SlipError, limits.StoreDown):
            form.add_error("token", _("This slip cannot be used: it is unknown, used or older than 24 hours."))
        else:
            messages.success(request, _("Your password has been changed. Log in with the new password."))
            return redirect("login")
    return render(request, "accounts/password_slip.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def verify_phone(request):
    """An account made before codes existed proves its number: send a code, then type it."""
    user = request.user
    if user.phone_verified:
        return redirect("profile")
    form = CodeForm(request.POST if "code" in request.POST else None)
    if request.method == "POST" and "send" in request.POST:
        try:
            phonecodes.send_code(user.phone, phonecodes.Purpose.VERIFY, client_ip(request), community=user.community_id)
            messages.info(request, SENT_MESSAGE)
        except phonecodes.CodeError as error:
            messages.error(request, str(error))
        return redirect("verify_phone")
    if form.is_valid():
        try:
            phonecodes.check_code(user.phone, phonecodes.Purpose.VERIFY, form.cleaned_data["code"], client_ip(request))
        except phonecodes.CodeError as error:
            form.add_error("code", str(error))
        else:
            recovery.confirm_phone(user)
            messages.success(request, _("Your mobile number is verified."))
            return redirect("profile")
    return render(request, "accounts/verify_phone.html", {"form": form})


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
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        # This session goes on; every other session of the account ends (its hash no longer matches).
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
