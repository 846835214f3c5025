"""POST requests: a client app files a desk request, checked whole before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from portal import audit

from ..models import ServiceItem, ServiceRequest
from .errors import Open311Error
from .models import ApiClient, ApiSubmission, ServiceAttribute

DESCRIPTION_MAX = 4000
SHORT_MAX = 200
# Control characters other than tab and line breaks are never text a person wrote.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_]+)\](?:\[\])?$")
MOBILE = re.compile(r"^1\d{10}$")


@dataclass
class Filing:
    client: ApiClient
    item: ServiceItem
    description: str
    address: str
    lat: Decimal | None
    long: Decimal | None
    address_id: str
    name: str
    phone: str
    device_id: str
    account_id: str
    attributes: dict = field(default_factory=dict)


def _text(data, name: str, limit: int = SHORT_MAX) -> str:
    value = data.get(name, "").strip()
    if _CONTROL.search(value):
        raise Open311Error(400, _("%(field)s contains characters that are not allowed.") % {"field": name})
    if len(value) > limit:
        raise Open311Error(400, _("%(field)s is longer than %(limit)s characters.") % {"field": name, "limit": limit})
    return value


def _coordinate(data, name: str, bound: int) -> Decimal | None:
    raw = _text(data, name, 30)
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise Open311Error(400, _("%(field)s is not a number.") % {"field": name}) from exc
    if not value.is_finite() or abs(value) > bound:
        raise Open311Error(400, _("%(field)s is out of range.") % {"field": name})
    return value.quantize(Decimal("0.000001"))


def _location(data) -> tuple[str, Decimal | None, Decimal | None, str]:
    lat, long = _coordinate(data, "lat", 90), _coordinate(data, "long", 180)
    address, address_id = _text(data, "address_string"), _text(data, "address_id", 64)
    if (lat is None) != (long is None):
        raise Open311Error(400, _("lat and long must be given together."))
    if lat is None and not address and not address_id:
        raise Open311Error(400, _("A location is required: lat and long, address_string or address_id."))
    return address, lat, long, address_id


def _answer(attribute: ServiceAttribute, values: list[str]):
    values = [v.strip() for v in values if v.strip()]
    if not values:
        return None
    for value in values:
        if _CONTROL.search(value) or len(value) > SHORT_MAX:
            raise Open311Error(400, _("attribute[%(code)s] is not valid.") % {"code": attribute.code})
    kind = ServiceAttribute.Datatype
    if attribute.is_list:
        keys = {key for key, _name in attribute.value_list()}
        if any(v not in keys for v in values) or (attribute.datatype == kind.SINGLE and len(values) > 1):
            raise Open311Error(400, _("attribute[%(code)s] is not one of its values.") % {"code": attribute.code})
        return values if attribute.datatype == kind.MULTI else values[0]
    value = values[0]
    if attribute.datatype == kind.NUMBER:
        try:
            Decimal(value)
        except InvalidOperation as exc:
            raise Open311Error(400, _("attribute[%(code)s] is not a number.") % {"code": attribute.code}) from exc
    if attribute.datatype == kind.DATETIME and parse_datetime(value) is None:
        raise Open311Error(400, _("attribute[%(code)s] is not a date and time.") % {"code": attribute.code})
    return value


def _attributes(data, item: ServiceItem) -> dict:
    known = {a.code: a for a in item.attributes.all()}
    sent: dict[str, list[str]] = {}
    for key in data:
        match = _ATTRIBUTE.match(key)
        if match:
            if match.group(1) not in known:
                raise Open311Error(
                    400, _("attribute[%(code)s] is not asked by this service.") % {"code": match.group(1)}
                )
            sent.setdefault(match.group(1), []).extend(data.getlist(key))
    answers = {}
    for code, attribute in known.items():
        answer = _answer(attribute, sent.get(code, []))
        if answer is None and attribute.required:
            raise Open311Error(400, _("attribute[%(code)s] is required.") % {"code": code})
        if answer is not None:
            answers[code] = answer
    return answers


def read_filing(data, client: ApiClient) -> Filing:
    """Check everything a POST sent; raises Open311Error on the first problem."""
    code = _text(data, "service_code", 20)
    if not code:
        raise Open311Error(400, _("service_code is required."))
    item = None
    if code.isascii() and code.isdecimal():
        item = ServiceItem.objects.filter(community=client.community, is_active=True, pk=code).first()
    if item is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    address, lat, long, address_id = _location(data)
    phone = _text(data, "phone", 20).replace(" ", "").replace("-", "")
    name = (_text(data, "last_name", 50) + _text(data, "first_name", 50))[:50]
    return Filing(
        client=client,
        item=item,
        description=_text(data, "description", DESCRIPTION_MAX),
        address=address,
        lat=lat,
        long=long,
        address_id=address_id,
        name=name,
        phone=phone if MOBILE.match(phone) else "",
        device_id=_text(data, "device_id", 100),
        account_id=_text(data, "account_id", 100),
        attributes=_attributes(data, item),
    )


def file_request(filing: Filing, ip: str | None) -> ServiceRequest:
    """Create the desk request and its API record in one transaction, audited with the client app."""
    with transaction.atomic():
        req, _created = ServiceRequest.file(
            community=filing.client.community,
            submitted_by=None,
            form_token=None,
            kind=ServiceRequest.Kind.SERVICE,
            item=filing.item,
            channel=ServiceRequest.Channel.API,
            applicant_name=filing.name or filing.client.name[:50],
            applicant_phone=filing.phone,
            address=filing.address,
            description=filing.description or filing.item.name,
        )
        ApiSubmission.objects.create(
            request=req,
            client=filing.client,
            lat=filing.lat,
            long=filing.long,
            address_id=filing.address_id,
            attributes=filing.attributes,
            device_id=filing.device_id,
            account_id=filing.account_id,
        )
        audit.record_client_write(req, f"Open311: {filing.client.name}", ip, {"client_id": filing.client.pk})
    return req
