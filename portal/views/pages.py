"""Site-wide pages: home, privacy notice, health check, preferences, errors."""

import sys

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..access import public_community
from ..display import elderly_mode, set_elderly_mode
from ..home import home_blocks
from ..pagecache import public_page


@public_page
@require_GET
def home(request):
    return render(
        request, "portal/home.html", {"community": public_community(request), "home_blocks": home_blocks(request)}
    )


@require_GET
def privacy(request):
    return render(request, "portal/privacy.html")


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _back(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.headers.get("referer") or fallback
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@require_POST
def toggle_elderly(request):
    """Turn elderly mode (长辈模式) on or off: on the account when logged in, in the browser always."""
    response = HttpResponseRedirect(_back(request))
    current = "1" if elderly_mode(request) else "0"
    set_elderly_mode(request, response, on=request.POST.get("elderly", "0" if current == "1" else "1") == "1")
    return response


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A stale or missing form token: say what to do, in the page shell."""
    return render(request, "403_csrf.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    """500, or 503 when the database is unreachable (it restarts, the network drops).

    Rendered without context processors: the database may be what failed.
    Unusable connections are dropped, so the next request reconnects by itself.
    """
    from django.db import connections
    from django.db.utils import InterfaceError, OperationalError
    from django.template import loader

    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        for conn in connections.all(initialized_only=True):
            conn.close_if_unusable_or_obsolete()
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
