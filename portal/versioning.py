"""Optimistic locking for records two people may edit at once (a notice draft, a resolution).

Each such row carries a `version` number. An edit form sends back the version it
was opened at; saving locks the row, refuses if the number moved on (someone
else saved in between) and bumps it. The second editor is told, and keeps the
text they typed, instead of silently overwriting the first.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Someone else saved the record after this editor opened it."""

    def __init__(self, current_version: int):
        super().__init__(_("Someone else saved this while you were editing."))
        self.current_version = current_version


def version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(_("version"), default=1, editable=False)


def lock_version(instance: models.Model, expected: int | None) -> models.Model:
    """Inside a transaction: lock the row, refuse a stale `expected` version, bump it on `instance`.

    Returns the locked, fresh copy of the row so callers can check its state too.
    """
    fresh = type(instance).objects.select_for_update().get(pk=instance.pk)
    if expected is None or fresh.version != expected:
        raise EditConflict(fresh.version)
    instance.version = fresh.version + 1
    return fresh


class VersionedFormMixin:
    """Adds the hidden `version` field and shows a conflict on the form, keeping what was typed."""

    conflict_message = _(
        "Someone else saved this while you were editing, so your changes were not saved. "
        "What you typed is kept below: compare it with the saved version, then save again to replace it."
    )

    def add_version_field(self) -> None:
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def show_conflict(self, conflict: EditConflict) -> None:
        """Report the conflict; a second deliberate save now goes against the version just seen."""
        self.add_error(None, self.conflict_message)
        data = self.data.copy()
        data[self.add_prefix("version")] = conflict.current_version
        self.data = data


def saved_fields(instance: models.Model, names: list[str]) -> list[tuple[str, str]]:
    """(label, value) pairs of the version saved meanwhile, for the editor to compare with theirs."""
    return [(instance._meta.get_field(name).verbose_name, str(getattr(instance, name))) for name in names]
