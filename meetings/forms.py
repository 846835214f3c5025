"""Forms for meetings: thin, with choices limited to the user's community."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Unit
from portal.forms import cap_lengths
from portal.uploads import ImageUploadField
from portal.versioning import CheckedEditMixin, VersionedFormMixin

from .models import AgendaItem, Meeting, Resolution, month_period, quarter_period


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(CheckedEditMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "period", "title", "starts_at", "place", "convener"]
        widgets = {"starts_at": DateTimeInput()}
        help_texts = {
            "period": _("Leave blank to take it from the date (2026-11 or 2026-Q4); ad-hoc meetings have none.")
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        data = super().clean()
        kind, starts_at = data.get("kind"), data.get("starts_at")
        if kind == Meeting.Kind.ADHOC:
            data["period"] = ""
        elif kind and starts_at:
            day = timezone.localdate(starts_at)
            of_date = month_period(day) if kind == Meeting.Kind.MONTHLY else quarter_period(day)
            # Rescheduling: a period left as it was follows the new date.
            moved = (
                self.instance.pk
                and data.get("period") == self.instance.period
                and starts_at != self.initial.get("starts_at")
            )
            if not data.get("period") or moved:
                data["period"] = of_date
            elif data["period"] != of_date and self._period_pattern_ok(kind, data["period"]):
                self.add_error(
                    "period",
                    _("The period must be the one of the date: %(period)s.") % {"period": of_date},
                )
                return data
        period = data.get("period", "")
        if kind in Meeting.REGULAR_KINDS and period:
            if not self._period_pattern_ok(kind, period):
                self.add_error("period", _("Write the period as 2026-11 for a month or 2026-Q4 for a quarter."))
                return data
            clash = Meeting.objects.filter(community=self.community, kind=kind, period=period).exclude(
                status=Meeting.Status.CANCELLED
            )
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("period", _("There is already a meeting of this kind for this period."))
        return data

    @staticmethod
    def _period_pattern_ok(kind: str, period: str) -> bool:
        pattern = r"^\d{4}-(0[1-9]|1[0-2])$" if kind == Meeting.Kind.MONTHLY else r"^\d{4}-Q[1-4]$"
        return re.match(pattern, period) is not None

    def save(self, commit=True):
        self.instance.community = self.community
        self.instance.period = self.cleaned_data["period"]
        return super().save(commit)


class UnitChoiceMixin:
    def limit_units(self, community, *names):
        units = Unit.objects.filter(community=community).order_by("name")
        for name in names:
            self.fields[name].queryset = units


class AgendaItemForm(UnitChoiceMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "details", "proposing_unit"]
        widgets = {"details": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.limit_units(community, "proposing_unit")
        cap_lengths(self, details=5000)


class ResolutionForm(VersionedFormMixin, UnitChoiceMixin, forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["text", "lead_unit", "co_units", "owner", "due_date", "is_public"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "co_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_units(community, "lead_unit", "co_units")
        cap_lengths(self, text=2000)
        if self.instance.pk:
            self.add_version_field()

    def save_revision(self, by) -> None:
        """Save an edit of an existing resolution (EditConflict if someone else saved first)."""
        data = self.cleaned_data
        changes = {name: data[name] for name in Resolution.EDITABLE_FIELDS}
        self.instance.revise(by, data.get("version"), co_units=data["co_units"], **changes)

    def clean(self):
        data = super().clean()
        lead, co = data.get("lead_unit"), data.get("co_units")
        if lead and co and lead in co:
            self.add_error("co_units", _("The lead unit cannot also be a co-operating unit."))
        return data


class MinutesForm(CheckedEditMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes", "internal_notes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 12}), "internal_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_lengths(self, minutes=30000, internal_notes=5000)

    def save(self, commit: bool = True, *, by=None) -> Meeting:
        data = self.cleaned_data
        self.instance.save_minutes(
            by, data.get("version"), minutes=data["minutes"], internal_notes=data["internal_notes"]
        )
        return self.instance


class PictureField(ImageUploadField):
    # The cleaned value is a re-encoded CleanImage, not an upload with a name, so
    # forms.ImageField's file-extension validator cannot run on it (and need not:
    # the picture was opened and re-encoded by Pillow).
    default_validators: list = []


class PhotoForm(forms.Form):
    sign_in_sheet = PictureField(label=_("Sign-in sheet"), required=False)
    photo = PictureField(label=_("Meeting photo"), required=False)
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("sign_in_sheet") and not data.get("photo"):
            raise forms.ValidationError(_("Choose a picture to upload."))
        return data


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Progress report"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Resolution.Status.IN_PROGRESS, Resolution.Status.IN_PROGRESS.label),
            (Resolution.Status.DONE, Resolution.Status.DONE.label),
            (Resolution.Status.DROPPED, Resolution.Status.DROPPED.label),
        ],
        initial=Resolution.Status.IN_PROGRESS,
    )

    def __init__(self, *args, can_drop: bool = True, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not can_drop:
            self.fields["status"].choices = self.fields["status"].choices[:2]


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the desk cannot settle it alone"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_(
            "Written on the meeting's agenda, so describe the problem without personal data. "
            "The resident is told the meeting date."
        ),
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False, empty_label=_("The next joint meeting")
    )

    def __init__(self, *args, community_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(
            community_id=community_id, status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()
        ).order_by("starts_at")
