"""Helpers for the Open311 tests: a public catalogue with requests, a key, and both formats read alike."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from django.core.files.base import ContentFile

from services.models import Attachment, ServiceAttribute
from services.open311.models import ApiClient
from tests import factories
from tests.uploads import png

BASE = "/open311/v2"
LISTS = {"attributes", "values", "endpoints", "formats"}
LIST_ROOTS = {"services": "service", "service_requests": "request", "errors": "error"}


def public_item(community, name="路灯维修", **fields):
    return factories.make_item(community, name, public=True, summary=fields.pop("summary", "路灯不亮、损坏"), **fields)


def ask(item, code="POLE", datatype="singlevaluelist", required=True, values="A|东侧\nB|西侧", order=1):
    return ServiceAttribute.objects.create(
        item=item, code=code, datatype=datatype, required=required, description="哪一侧？", values=values, order=order
    )


def key_for(community, name="市民热线") -> tuple[ApiClient, str]:
    return ApiClient.issue(community, name)


def public_picture(req) -> Attachment:
    upload = png()
    return Attachment.objects.create(
        request=req, name="p.png", file=ContentFile(upload.read(), name="p.png"), thumbnail=ContentFile(b"x", "t.png")
    )


def _xml_value(element):
    if element.tag in LISTS:
        return [_xml_value(child) if len(child) else (child.text or "") for child in element]
    if len(element):
        return {child.tag: _xml_value(child) for child in element}
    return element.text or ""


def parse(response, fmt: str):
    """The answer as Python: JSON as is; XML into the same shape, every leaf a string."""
    if fmt == "json":
        assert response["Content-Type"] == "application/json"
        return json.loads(response.content)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    if root.tag in LIST_ROOTS:
        assert all(child.tag == LIST_ROOTS[root.tag] for child in root)
        return [_xml_value(child) for child in root]
    return {child.tag: _xml_value(child) for child in root} | {"__root__": root.tag}


def as_text(value):
    """JSON's values as XML writes them: null empty, booleans true/false, numbers as written."""
    if isinstance(value, dict):
        return {key: as_text(v) for key, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
