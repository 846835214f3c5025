"""Public tracking: by reference + last four digits (public steps only), or by the signed link (the applicant's view).

Guessing is limited where every process sees it (portal/limits.py): five wrong digit sets lock a
reference's digit look-up for an hour whatever the address, and only failures count against an
address. The signed link of an SMS or a receipt's QR code needs no digits, so no lock applies to it.
"""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import limits
from portal.middleware import client_ip, mark_private

from .. import tracking
from ..forms import TrackForm
from ..models import RequestEvent, ServiceRequest
from ..timeline import timeline_html


def _by_token(request, token: str):
    reference = tracking.read_token(token)
    found = ServiceRequest.objects.select_related("item", "community").filter(reference=reference).first()
    if reference is None or found is None:
        raise Http404
    events = list(found.events.filter(public=True))
    context = {
        "found": found,
        "events": events,
        "timeline": timeline_html(found, events),
        "by_token": True,
        "form": None,
    }
    return render(request, "services/track.html", context)


def _look_up(request, form: TrackForm) -> tuple[ServiceRequest | None, str, int]:
    """(the request found, the refusal shown, the status code) for a valid digits form."""
    ref, ip = form.cleaned_data["ref"], client_ip(request)
    try:
        if limits.exceeded(f"track:ip:{ip}", settings.TRACK_ATTEMPTS):
            return None, _("Too many attempts. Please wait ten minutes and try again."), 429
        if limits.exceeded(f"track:ref:{ref}", tracking.LOCK_FAILURES):
            return (
                None,
                _(
                    "Too many wrong digits were tried for this reference: look-up by digits is locked for an hour. "
                    "The link in your SMS or the QR code on your receipt still works."
                ),
                429,
            )
        # The applicant's digits, or (亲属代办) those of the person the request was filed for.
        digits = form.cleaned_data["digits"]
        by_phone = Q(applicant_phone__endswith=digits) | Q(served_phone__endswith=digits)
        found = ServiceRequest.objects.select_related("item", "community").filter(by_phone, reference=ref).first()
        if found is None:
            limits.hit(f"track:ref:{ref}", tracking.LOCK_FAILURES, tracking.LOCK_SECONDS)
            limits.hit(f"track:ip:{ip}", settings.TRACK_ATTEMPTS, tracking.ADDRESS_WINDOW)
    except limits.StoreDown:
        return None, _("Tracking by digits is not available right now. Please try again in a few minutes."), 503
    if found is None:
        # One answer for a wrong reference and for wrong digits: references cannot be probed.
        form.add_error(None, _("No request matches this reference number and these digits."))
    return found, "", 200


@require_http_methods(["GET", "POST"])
def track(request):
    if request.method == "GET" and request.GET.get("t"):
        return _by_token(request, request.GET["t"])
    found, refusal, status = None, "", 200
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            found, refusal, status = _look_up(request, form)
    else:
        form = TrackForm(initial={"ref": request.GET.get("ref", "")[:30]})
    events = found.events.filter(audience=RequestEvent.Audience.PUBLIC) if found else None
    context = {"form": form, "found": found, "events": events, "refusal": refusal, "by_token": False}
    response = render(request, "services/track.html", context, status=status)
    # A found request shows its timeline: no cache may keep the page.
    return mark_private(response) if found else response
