"""A shared cache of public pages for visitors who are not logged in.

The home page, notice lists, the service guide, resolutions and the open
figures look the same to every visitor of one community in one language and
display mode, so they are rendered once and served from the cache for
PUBLIC_PAGE_CACHE_SECONDS (off in development and tests). Every page carries
CSRF tokens (the display-mode and language forms), which must belong to the
visitor: the cached copy keeps a placeholder where the token was, and each
visitor gets their own token put back in. Logged-in users, visitors with a
session (messages to show) and anything but a plain GET always get a fresh page.
"""

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

PLACEHOLDER = "__portal_csrf_token__"
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"')


def public_page(view: Callable) -> Callable:
    """Mark a view whose page a visitor (not logged in) may be served from the shared cache."""
    view.public_page = True
    return view


def _key(request: HttpRequest) -> str:
    parts = [
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        request.COOKIES.get("elderly", ""),
        request.COOKIES.get("community", ""),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


class PublicPageCacheMiddleware:
    """Serve marked views to visitors from the cache; store what they were given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_public_page_key", None)
        if key and response.status_code == 200 and not response.streaming and not response.cookies:
            self._store(key, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "public_page", False) or not _cacheable(request):
            return None
        key = _key(request)
        cached = cache.get(key)
        if cached is None:
            request._public_page_key = key
            return None
        body, content_type = cached
        # get_token() also makes the CSRF middleware send this visitor their cookie.
        return HttpResponse(body.replace(PLACEHOLDER, get_token(request)), content_type=content_type)

    def _store(self, key: str, response: HttpResponse) -> None:
        content_type = response.get("Content-Type", "")
        if not content_type.startswith("text/html"):
            return
        body = response.content.decode(response.charset)
        tokens = set(TOKEN_RE.findall(body))
        if len(tokens) > 1:
            return  # not one render's token: do not guess
        for token in tokens:
            body = body.replace(token, PLACEHOLDER)
        cache.set(key, (body, content_type), settings.PUBLIC_PAGE_CACHE_SECONDS)
