"""The audit log as people read it: translated step names, field labels, old → new values with their names."""

from __future__ import annotations

from collections import defaultdict

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .access import ADMIN_GROUP, DEPLOYMENT_GROUP, ROLE_LABELS, STAFF_GROUP, Role
from .privacy import mask_id_numbers

GROUP_LABELS = {STAFF_GROUP: ROLE_LABELS[Role.STAFF], ADMIN_GROUP: ROLE_LABELS[Role.ADMIN]}
GROUP_LABELS[DEPLOYMENT_GROUP] = ROLE_LABELS[Role.DEPLOYMENT]

# Named steps recorded by record_action(). A step named after a status of its model (a request "accepted")
# is shown with that status's own label.
_notes: dict[str, str] = {
    "roles changed": _("Roles changed"),
    "groups add": _("Roles added"),
    "groups remove": _("Roles removed"),
    "groups clear": _("Roles cleared"),
    "submitted for review": _("Submitted for review"),
    "published": _("Published"),
    "returned for changes": _("Returned for changes"),
    "withdrawn": _("Withdrawn"),
    "opened": _("Meeting opened"),
    "cancelled": _("Meeting cancelled"),
    "closed": _("Meeting closed"),
    "minutes approved": _("Minutes approved"),
    "minutes published": _("Minutes published"),
    "minutes returned to draft": _("Minutes returned to draft"),
    "escalated": _("Escalated to the joint meeting"),
    "resolution adopted": _("Resolution adopted"),
    "handed over": _("Seat handed over"),
    "confirmed": _("Registration confirmed"),
    "declined": _("Registration declined"),
    "holder declined": _("Post holder declined"),
    "assigned": _("Assigned"),
    "resolved": _("Follow-up resolved"),
    "requests exported": _("Requests exported"),
    "period exported": _("Period's requests exported"),
    "roster printed": _("Roster printed"),
    "queue printed": _("Request queue printed"),
    "registrations printed": _("Registrations printed"),
    "roster exported": _("Roster exported"),
    "roster imported": _("Roster imported"),
    "home-unit report exported": _("Home-unit report exported"),
    "agreement report exported": _("Agreement report exported"),
    "attendance exported": _("Attendance exported"),
    "attachment downloaded": _("Attachment downloaded"),
}


def note_label(note: str, model=None) -> str:
    statuses = getattr(model, "Status", None)
    if statuses is not None and note in statuses.values:
        return gettext("Status: %(status)s") % {"status": statuses(note).label}
    if note in _notes:
        return str(_notes[note])
    if note.startswith("progress "):
        return gettext("Progress reported: %(value)s") % {"value": note.removeprefix("progress ")}
    return note


def _field(model, key: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.get_fields():
        if getattr(field, "attname", None) == key or field.name == key:
            return field
    return None


def _pair(value) -> tuple:
    if isinstance(value, list) and len(value) == 2:
        return value[0], value[1]
    return None, value


def _show(field, value, names: dict) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return "、".join(str(GROUP_LABELS.get(item, item)) for item in value) or "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field is not None and getattr(field, "many_to_one", False):
        return names.get((field.related_model, str(value)), f"#{value}")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return mask_id_numbers(str(value))


def readable(entries) -> None:
    """Give each entry `.rows`: (field label, old, new) with related rows named; one query per related model."""
    wanted: dict[type, set] = defaultdict(set)
    staged = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        rows = []
        for key, value in (entry.changes or {}).items():
            field = _field(model, key)
            old, new = _pair(value)
            if field is not None and getattr(field, "many_to_one", False):
                wanted[field.related_model].update(str(v) for v in (old, new) if v not in (None, ""))
            label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else key
            if key == "groups":
                label = gettext("Roles")
            rows.append((field, label, old, new))
        staged.append((entry, rows))
    names = {}
    for model, ids in wanted.items():
        keys = [int(i) for i in ids if str(i).isdigit()]
        for pk, obj in model._base_manager.in_bulk(keys).items():
            names[(model, str(pk))] = str(obj)
    for entry, rows in staged:
        entry.rows = [(label, _show(field, old, names), _show(field, new, names)) for field, label, old, new in rows]
        model = entry.content_type.model_class() if entry.content_type_id else None
        entry.note_label = note_label(entry.note, model) if entry.note else ""
