"""The GeoReport v2 endpoints. Thin: read the query, ask public.py or filing.py, answer in the asked format."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from portal import limits as portal_limits
from portal.middleware import client_ip, holds_nul
from portal.models import Community
from portal.uploads import attachment_response

from ..models import Attachment, ServiceItem
from . import filing, limits, openapi, public
from .errors import Open311Error
from .formats import respond
from .models import ApiClient

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-02T00:00:00+08:00"  # when this API last changed shape
MAX_SPAN = timedelta(days=90)  # the specification's longest date range for GET requests
PAGE_SIZE, MAX_PAGE_SIZE, MAX_IDS = 50, 1000, 100
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def api(methods: tuple[str, ...]) -> Callable:
    """Open311 view: allowed methods, reads limited per address, every error as the specification's list."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, fmt: str = "json", **kwargs) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise Open311Error(405, _("Method not allowed."), {"Allow": ", ".join(methods)})
                if holds_nul(request):
                    # No text column can hold it (PostgreSQL refuses the query): a bad request, not a crash.
                    raise Open311Error(400, _("The request contains a NUL character."))
                if request.method == "GET":
                    _limit("read", client_ip(request) or "", settings.OPEN311_READS_PER_MINUTE, 60)
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                response = respond(fmt, "errors", "error", error.payload(), status=error.status)
                for name, value in error.headers.items():
                    response[name] = value
                return response

        return wrapped

    return decorator


def _limit(scope: str, ident: str, limit: int, window: int) -> None:
    try:
        allowed = limits.allow(scope, ident, limit, window)
    except portal_limits.StoreDown:
        raise Open311Error(503, _("The service is busy; try again later."), {"Retry-After": "30"}) from None
    if not allowed:
        raise Open311Error(429, _("Too many requests; try again later."), {"Retry-After": str(window)})


def _community(request: HttpRequest) -> Community:
    """The jurisdiction asked for (a community's code); without one, the deployment's default community."""
    code = request.GET.get("jurisdiction_id", "").strip()
    if code:
        community = Community.objects.filter(code=code).first()
    else:
        communities = Community.objects.order_by("pk")
        if settings.DEFAULT_COMMUNITY_CODE:
            communities = communities.filter(code=settings.DEFAULT_COMMUNITY_CODE)
        community = communities.first()
    if community is None:
        raise Open311Error(404, _("jurisdiction_id %(code)s was not found.") % {"code": code or ""})
    return community


def _w3c(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


@api(("GET",))
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    endpoint = {
        "specification": SPECIFICATION,
        "url": request.build_absolute_uri(reverse("open311:discovery", args=["json"]).rsplit("/", 1)[0]),
        "changeset": CHANGESET,
        "type": "production",
        "formats": ["text/xml", "application/json"],
    }
    body = {
        "changeset": CHANGESET,
        "contact": settings.OPEN311_CONTACT,
        "key_service": _("Ask the community's admin for a key for your client app."),
        "endpoints": [endpoint],
    }
    return respond(fmt, "discovery", None, body)


def _service(item: ServiceItem) -> dict:
    return {
        "service_code": str(item.pk),
        "service_name": item.name,
        "description": item.summary or None,
        "metadata": item.n_attributes > 0,
        "type": "realtime",
        "keywords": None,
        "group": None,
    }


@api(("GET",))
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    items = (
        ServiceItem.objects.filter(community=_community(request), is_active=True)
        .annotate(n_attributes=Count("attributes"))
        .order_by("order", "name")  # a GROUP BY query does not use Meta.ordering
    )
    return respond(fmt, "services", "service", [_service(item) for item in items])


def _attribute(attribute) -> dict:
    return {
        "variable": True,
        "code": attribute.code,
        "datatype": attribute.datatype,
        "required": attribute.required,
        "datatype_description": attribute.datatype_description or None,
        "order": attribute.order,
        "description": attribute.description,
        "values": [{"key": key, "name": name} for key, name in attribute.value_list()],
    }


@api(("GET",))
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    community = _community(request)
    item = None
    if code.isascii() and code.isdecimal():
        item = ServiceItem.objects.filter(community=community, is_active=True, pk=code).first()
    if item is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    body = {"service_code": str(item.pk), "attributes": [_attribute(a) for a in item.attributes.all()]}
    return respond(fmt, "service_definition", None, body)


def _service_notice(item: ServiceItem) -> str:
    return _("Handled within %(days)s working days.") % {"days": item.time_limit_days}


def _request_fields(request: HttpRequest, req) -> dict:
    submission = getattr(req, "api_submission", None)  # None for requests filed at the desk
    picture = req.public_picture
    return {
        "service_request_id": req.reference,
        "status": public.public_status(req.status),
        "status_notes": public.status_notes(req) or None,
        "service_name": req.item.name,
        "service_code": str(req.item_id),
        "description": req.public_summary or None,
        "agency_responsible": req.community.name,
        "service_notice": _service_notice(req.item),
        "requested_datetime": _w3c(req.created_at),
        "updated_datetime": _w3c(req.updated_at or req.created_at),
        "expected_datetime": _w3c(public.expected_at(req)),
        "address": public.building_address(req.address) or None,
        "address_id": None,
        "zipcode": None,
        "lat": public.coordinate(submission.lat) if submission else None,
        "long": public.coordinate(submission.long) if submission else None,
        "media_url": request.build_absolute_uri(reverse("open311:media", args=[picture])) if picture else None,
    }


def _listed(request: HttpRequest, fmt: str, rows) -> HttpResponse:
    return respond(fmt, "service_requests", "request", [_request_fields(request, req) for req in rows])


def _moment(request: HttpRequest, name: str) -> datetime | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None and parse_date(raw) is not None:
            moment = datetime.combine(parse_date(raw), datetime.min.time())
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, _("%(field)s is not a W3C date and time.") % {"field": name})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _number(request: HttpRequest, name: str, default: int, top: int) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdecimal()) or not 1 <= int(raw) <= top:
        raise Open311Error(400, _("%(field)s must be a whole number from 1 to %(top)s.") % {"field": name, "top": top})
    return int(raw)


def _listing(request: HttpRequest, rows):
    """The filters of GET requests; service_request_id, when given, overrides all others."""
    ids = [part.strip() for part in request.GET.get("service_request_id", "").split(",") if part.strip()]
    if ids:
        if len(ids) > MAX_IDS:
            raise Open311Error(400, _("At most %(n)s service_request_id at once.") % {"n": MAX_IDS})
        return rows.filter(reference__in=ids)
    codes = [part.strip() for part in request.GET.get("service_code", "").split(",") if part.strip()]
    if codes:
        if not all(code.isascii() and code.isdecimal() and len(code) < 10 for code in codes):
            raise Open311Error(400, _("service_code is not valid."))
        rows = rows.filter(item_id__in=codes)
    statuses = [part.strip() for part in request.GET.get("status", "").split(",") if part.strip()]
    if statuses:
        if any(status not in public.STATUS_GROUPS for status in statuses):
            raise Open311Error(400, _("status must be open or closed."))
        rows = rows.filter(status__in=[s for status in statuses for s in public.STATUS_GROUPS[status]])
    start, end = _moment(request, "start_date"), _moment(request, "end_date")
    if start and end and (end < start or end - start > MAX_SPAN):
        raise Open311Error(400, _("end_date must follow start_date by at most 90 days."))
    # Without dates, the last 90 days (the specification's default); with one, 90 days from or to it.
    end = end or (start + MAX_SPAN if start else timezone.now())
    start = start or end - MAX_SPAN
    return rows.filter(created_at__gte=start, created_at__lte=end)


@csrf_exempt  # the API key authenticates a POST; see tests/test_permission_matrix.py CSRF_EXEMPT
@api(("GET", "POST"))
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post(request, fmt)
    rows = _listing(request, public.public_requests(_community(request))).order_by("-created_at", "-id")
    page = _number(request, "page", 1, 100000)
    size = _number(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    return _listed(request, fmt, rows[(page - 1) * size : page * size])


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    content_type = request.content_type or ""
    if content_type not in FORM_TYPES:
        raise Open311Error(415, _("Send the request form-encoded (application/x-www-form-urlencoded)."))
    ip = client_ip(request) or ""
    _limit("post-ip", ip, settings.OPEN311_POSTS_PER_ADDRESS_HOUR, 3600)
    client = ApiClient.for_key(request.POST.get("api_key", ""))
    if client is None or not client.active:
        raise Open311Error(403, _("api_key is missing, unknown or revoked."))
    jurisdiction = request.POST.get("jurisdiction_id", "")
    if jurisdiction and jurisdiction != client.community.code:
        if not Community.objects.filter(code=jurisdiction).exists():
            raise Open311Error(404, _("jurisdiction_id %(code)s was not found.") % {"code": jurisdiction})
        raise Open311Error(403, _("api_key is not valid for this jurisdiction_id."))
    _limit("post-key", str(client.pk), settings.OPEN311_POSTS_PER_KEY_HOUR, 3600)
    req = filing.file_request(filing.read_filing(request.POST, client), ip or None)
    body = [
        {
            "service_request_id": req.reference,
            "service_notice": _service_notice(req.item),
            "account_id": req.api_submission.account_id or None,
        }
    ]
    return respond(fmt, "service_requests", "request", body, status=201)


@api(("GET",))
def request_detail(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    rows = list(public.public_requests(_community(request)).filter(reference=reference))
    if not rows:
        raise Open311Error(404, _("service_request_id %(id)s was not found.") % {"id": reference})
    return _listed(request, fmt, rows)


@require_GET
def media(request: HttpRequest, pk: int) -> HttpResponse:
    """The one picture staff chose to show publicly for a public request."""
    att = get_object_or_404(
        Attachment.objects.select_related("request"), pk=pk, shown_publicly=True, request__item__public=True
    )
    if not att.is_image:
        raise Http404
    return attachment_response(att.file, f"{att.request.reference}.jpg")


@require_GET
def openapi_description(request: HttpRequest) -> JsonResponse:
    base = request.build_absolute_uri(reverse("open311:openapi")).rsplit("/", 1)[0]
    return JsonResponse(openapi.description(base), json_dumps_params={"ensure_ascii": False})
