"""Optimistic locking for every record people edit through a form.

Each such row carries a `version` number. An edit form sends back the version it
was opened at; saving locks the row, refuses if the number moved on (someone
else saved in between) and bumps it. The second editor is told, keeps the text
they typed, and sees the version saved meanwhile, instead of silently
overwriting the first.

One mechanism for all: a model gets `version = version_field()`, its edit form
takes `CheckedEditMixin`, and the view saves through `save_checked(form)` (or a
model method calls `lock_version` itself, as minutes and resolutions do).
"""

from django import forms
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext
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
    fresh = instance._meta.model._default_manager.select_for_update().get(pk=instance.pk)
    if expected is None or fresh.version != expected:
        raise EditConflict(fresh.version)
    instance.version = fresh.version + 1
    return fresh


class VersionedFormMixin:
    """Adds the hidden `version` field and shows a conflict on the form, keeping what was typed."""

    saved_version: list[tuple[str, str]] | None = None  # set by save_checked() on a conflict
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


class CheckedEditMixin(VersionedFormMixin):
    """For a ModelForm of a versioned model: an edit saves only if nobody saved the row meanwhile.

    Only the form's own fields are written (with `update_fields`), so a status that a workflow step
    changed meanwhile is never put back from the editor's stale copy.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        versioned = any(f.name == "version" for f in self.instance._meta.concrete_fields)
        if versioned and self.instance.pk is not None and "version" not in self.fields:
            self.add_version_field()

    def written_fields(self) -> list[str]:
        data = self.cleaned_data
        return [f.name for f in self.instance._meta.concrete_fields if f.name in data and not f.primary_key]

    def save(self, commit: bool = True):
        if self.instance._state.adding or not commit:
            return super().save(commit)
        with transaction.atomic():
            lock_version(self.instance, self.cleaned_data.get("version"))
            self.instance.save(update_fields=[*self.written_fields(), "version"])
            self._save_m2m()
        return self.instance

    def shown_fields(self) -> list[str]:
        """The fields of the saved version shown next to the editor's own text."""
        names = {f.name for f in self.instance._meta.get_fields()}
        return [name for name in self.fields if name in names]


def save_checked(form, **kwargs):
    """Save an edit form; on a conflict return None, the form now showing it and `form.saved_version`."""
    try:
        return form.save(**kwargs)
    except EditConflict as conflict:
        form.show_conflict(conflict)
        saved = form.instance._meta.model._default_manager.get(pk=form.instance.pk)
        form.saved_version = saved_fields(saved, form.shown_fields())
        return None


def _shown(instance: models.Model, name: str) -> str:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return "、".join(str(obj) for obj in getattr(instance, name).all()) or "—"
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    value = getattr(instance, name)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, FieldFile):
        return value.name or "—"
    return "—" if value in (None, "") else str(value)


def saved_fields(instance: models.Model, names: list[str]) -> list[tuple[str, str]]:
    """(label, value) pairs of the version saved meanwhile, for the editor to compare with theirs."""
    return [(instance._meta.get_field(name).verbose_name, _shown(instance, name)) for name in names]
