"""Templates ask the models what may happen (next_steps, can_…, is_…); none compares a workflow status."""

import re
from pathlib import Path

from django.conf import settings

from meetings.models import Meeting, Resolution
from members.models import PartyMember
from notices.models import Notice
from services.models import ServiceRequest

TAG = re.compile(r"{%.*?%}", re.S)
# An object's status or state compared, or aliased (`with s=req.status`) to be compared later.
ATTRIBUTE = re.compile(
    r"\w+\.\w*(?:status|state)\s*(?:==|!=|\bin\b|\bnot in\b)"
    r"|(?:==|!=)\s*\w+\.\w*(?:status|state)\b"
    r"|\bwith\s+\w+=\s*[\w.]*(?:status|state)\b"
)
WORKFLOW_VALUES = {
    value
    for choices in (
        ServiceRequest.Status,
        Meeting.Status,
        Meeting.MinutesStatus,
        Resolution.Status,
        Notice.State,
        PartyMember.Status,
    )
    for value in choices.values
    if value
}


def comparisons(text: str) -> list[str]:
    literal = re.compile(r"""(?:==|!=)\s*["'](%s)["']|["'](%s)["']\s*(?:==|!=)""" % (("|".join(WORKFLOW_VALUES),) * 2))
    return [tag for tag in TAG.findall(text) if ATTRIBUTE.search(tag) or literal.search(tag)]


def test_no_template_compares_a_workflow_status():
    found = {
        str(path.relative_to(settings.BASE_DIR)): hits
        for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
        if (hits := comparisons(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_scan_catches_the_forms_it_forbids():
    assert comparisons('{% if req.status == "waiting" %}')
    assert comparisons("{% elif meeting.minutes_status != 'draft' %}")
    assert comparisons('{% with s=req.status %}{% if s == "submitted" %}')
    assert comparisons('{% if "published" == notice.state %}')
    assert comparisons("{% if r.status in open_states %}")
    assert not comparisons('{% if "accept" in steps %}{% if meeting.can_approve_minutes %}{% if state == value %}')
