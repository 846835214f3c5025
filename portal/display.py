"""Elderly mode (长辈模式): kept on the account for users, in a cookie for visitors.

A resident who turns it on at the office's computer finds it on at home and on a new phone; a visitor's
choice lasts a year in their browser and comes along when they log in.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

COOKIE = "elderly"
ONE_YEAR = 365 * 24 * 3600


def elderly_mode(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.elderly_mode
    return request.COOKIES.get(COOKIE) == "1"


def set_elderly_mode(request: HttpRequest, response: HttpResponse, on: bool) -> None:
    """Remember the choice on the account (when logged in) and in the browser."""
    user = request.user
    if user.is_authenticated and user.elderly_mode != on:
        user.elderly_mode = on
        user.save(update_fields=["elderly_mode"])
    if on:
        response.set_cookie(COOKIE, "1", max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure())
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


@receiver(user_logged_in, dispatch_uid="elderly_mode_from_visitor")
def _keep_the_visitors_choice(sender, request, user, **kwargs) -> None:
    if request is not None and request.COOKIES.get(COOKIE) == "1" and not user.elderly_mode:
        user.elderly_mode = True
        user.save(update_fields=["elderly_mode"])
