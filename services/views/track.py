"""Public tracking: reference number + last four digits of the phone, nothing personal shown."""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.middleware import client_ip, mark_private

from ..forms import TrackForm
from ..models import ServiceRequest

WINDOW_SECONDS = 10 * 60


def _too_many(request) -> bool:
    """Count this attempt for the caller's IP address; True once the window's allowance is used."""
    key = f"services:track:{client_ip(request)}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return False
    try:
        return cache.incr(key) > settings.TRACK_ATTEMPTS
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return False


@require_http_methods(["GET", "POST"])
def track(request):
    found, blocked = None, False
    if request.method == "POST":
        form = TrackForm(request.POST)
        if _too_many(request):
            form = TrackForm(initial={"ref": request.POST.get("ref", "")[:30]})
            blocked = True
        elif form.is_valid():
            found = (
                ServiceRequest.objects.select_related("item", "community")
                .filter(reference=form.cleaned_data["ref"], applicant_phone__endswith=form.cleaned_data["digits"])
                .first()
            )
            if found is None:
                # One answer for a wrong reference and for wrong digits: references cannot be probed.
                form.add_error(None, _("No request matches this reference number and these digits."))
    else:
        form = TrackForm(initial={"ref": request.GET.get("ref", "")[:30]})
    events = found.events.filter(public=True) if found else None
    context = {"form": form, "found": found, "events": events, "blocked": blocked}
    response = render(request, "services/track.html", context, status=429 if blocked else 200)
    # A found request shows the applicant's name and timeline: no cache may keep the page.
    return mark_private(response) if found else response
