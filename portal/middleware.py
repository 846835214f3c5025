"""Request-wide concerns: staff idle timeout, audit context, security headers."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from . import audit
from .access import is_staff_member

LAST_SEEN_KEY = "portal_last_seen"


class StaffIdleTimeoutMiddleware:
    """End a staff or admin session after STAFF_IDLE_TIMEOUT seconds without a request.

    Desk computers in a community office are shared; residents' sessions are not cut.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and (is_staff_member(user) or user.is_staff or user.is_superuser):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.STAFF_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were logged out after 30 minutes without activity."))
            elif now - last_seen >= 30 or LAST_SEEN_KEY not in request.session:
                # Written at most every 30 s so a busy desk does not save the session on every click.
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def client_ip(request) -> str | None:
    """The client's address; behind TRUSTED_PROXY_COUNT proxies, taken from X-Forwarded-For."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def axes_client_ip(request) -> str:
    """django-axes counts failures per the same address the audit log records (AXES_CLIENT_IP_CALLABLE)."""
    return client_ip(request) or ""


class PasswordChangeRequiredMiddleware:
    """An admin asked for a new password (or a reset slip was printed): nothing else opens until it is set."""

    ALLOWED = ("password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            from django.shortcuts import redirect
            from django.urls import reverse

            if request.path not in {reverse(name) for name in self.ALLOWED} and not request.path.startswith(
                ("/static/", "/i18n/")
            ):
                messages.info(request, _("Please set a new password before you go on."))
                return redirect("password_change")
        return self.get_response(request)


class WorkerHeaderMiddleware:
    """Tests only (WORKER_HEADER=1): name the process that answered, so a test can reach every worker."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import os

        response = self.get_response(request)
        response["X-Worker"] = str(os.getpid())
        return response


class AuditContextMiddleware:
    """Make the acting user and IP address known to the audit signal handlers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.set_actor(request.user, client_ip(request))
        try:
            return self.get_response(request)
        finally:
            audit.reset_actor(token)


CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # htmx adds a small inline style for its request indicators.
        "style-src 'self' 'unsafe-inline'",
        # Bootstrap draws form-control icons as data: SVG.
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Content Security Policy and the headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class RefuseNulMiddleware:
    """A NUL in the address or the query is a bad request (400), not a crash.

    PostgreSQL cannot hold the character in any text value, so a view that looked it up answered 500. The
    Open311 API refuses it in its own error format (services/open311/views.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request) and not request.path.startswith("/open311/"):
            return HttpResponseBadRequest(
                _("The address contains a NUL character."), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


def holds_nul(request) -> bool:
    """Whether the address (its path, or a name or value of its query) holds a NUL character."""
    return "\x00" in request.path or any(
        "\x00" in name or "\x00" in value for name, values in request.GET.lists() for value in values
    )


class HeadLikeGetMiddleware:
    """Answer HEAD wherever GET is answered: the view sees a GET, the client gets its headers without the body.

    Link checkers, crawlers and uptime monitors probe with HEAD; views that allow only GET would answer 405.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            # The file stays open until the server closes the response, as for a GET; closing it here would send
            # request_finished mid-request (and close the database connection under the rest of the request).
            response.streaming_content = []
        else:
            # The length the GET would have had, as HEAD promises; then the body goes.
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


class PrivatePagesMiddleware:
    """Keep pages shown to a logged-in user out of every cache: they carry personal data.

    A view that decided its own private caching (a file the user may keep for an hour) keeps its header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "private" not in response.get("Cache-Control", ""):
            mark_private(response)
        return response


def mark_private(response):
    """`Cache-Control: private, no-store` on a response that shows someone's personal data."""
    response["Cache-Control"] = "private, no-store"
    return response
