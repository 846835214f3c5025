"""Forms of the door-to-door app. Related choices are limited to the user's community."""

from __future__ import annotations

import json
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import CommunityForm
from members.forms import ImportForm as RosterImportForm
from members.models import PartyMember
from portal.access import ADMIN_GROUP, STAFF_GROUP
from portal.forms import cap_lengths
from portal.models import User
from portal.uploads import ImageUploadField
from services.models import ServiceRequest

from .models import Building, Campaign, CarePairing, CoverageCount, Grid, Outcome, Question

CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9-]{8,64}$")
CONCERNS_MAX = 2000
ANSWER_MAX = 500


def service_team(community):
    """Party members with accounts: who may be sent to the doors (党员服务队)."""
    linked = PartyMember.objects.filter(
        community=community, status=PartyMember.Status.CONFIRMED, user__isnull=False
    ).values("user_id")
    return User.objects.filter(community=community, is_active=True, pk__in=linked).order_by("real_name")


def campaign_buildings(campaign: Campaign):
    """The ids of the buildings with households in the campaign, from the counts kept for its coverage."""
    return CoverageCount.objects.filter(campaign=campaign, n__gt=0).values("building")


def staff_of(community):
    return (
        User.objects.filter(community=community, is_active=True, groups__name__in=[STAFF_GROUP, ADMIN_GROUP])
        .distinct()
        .order_by("real_name")
    )


class GridForm(CommunityForm):
    class Meta:
        model = Grid
        fields = ["name", "worker"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = staff_of(self.community)

    def clean_name(self):
        return self._unique_in_community("name", _("A grid with this name exists already."))


class CampaignForm(CommunityForm):
    class Meta:
        model = Campaign
        fields = ["title", "description", "starts_on", "ends_on", "scope", "scope_grids", "scope_buildings"]
        fields += ["scope_tag", "max_tries"]
        widgets = {"scope_grids": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_grids"].queryset = Grid.objects.filter(community=self.community)
        self.fields["scope_buildings"].queryset = Building.objects.filter(community=self.community)
        self.fields["max_tries"].min_value = 1
        self.fields["max_tries"].widget.attrs["max"] = 10

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end is before the start."))
        needs = {
            Campaign.Scope.GRIDS: ("scope_grids", _("Choose at least one grid.")),
            Campaign.Scope.BUILDINGS: ("scope_buildings", _("Choose at least one building.")),
            Campaign.Scope.TAG: ("scope_tag", _("Choose the tag.")),
        }
        if data.get("scope") in needs:
            field, message = needs[data["scope"]]
            if not data.get(field):
                self.add_error(field, message)
        if data.get("max_tries") is not None and not 1 <= data["max_tries"] <= 10:
            self.add_error("max_tries", _("Between 1 and 10."))
        return data


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "text", "options"]
        widgets = {"options": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_lengths(self, options=1000)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Question.Kind.CHOICE:
            options = [line for line in (data.get("options") or "").splitlines() if line.strip()]
            if len(options) < 2:
                self.add_error("options", _("A single-choice question needs at least two options, one per line."))
            elif any(len(line.strip()) > ANSWER_MAX for line in options):
                self.add_error("options", _("An option may have at most %(n)s characters.") % {"n": ANSWER_MAX})
        return data


QuestionFormSet = forms.inlineformset_factory(
    Campaign, Question, form=QuestionForm, extra=3, max_num=12, validate_max=True, can_delete=False
)


class AssignForm(forms.Form):
    visitor = forms.ModelChoiceField(label=_("Service-team member"), queryset=User.objects.none())
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Grid.objects.none(), required=False)
    building = forms.ModelChoiceField(label=_("Building"), queryset=Building.objects.none(), required=False)
    doors = forms.CharField(
        label=_("Only these doors of the building"),
        required=False,
        max_length=500,
        help_text=_("Entrance-door, separated by commas, e.g. 1-101, 1-102. Leave empty for the whole building."),
    )

    def __init__(self, *args, community, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        # The campaign's buildings and their grids: any other would be given no household.
        buildings = Building.objects.filter(community=community, pk__in=campaign_buildings(campaign))
        self.fields["visitor"].queryset = service_team(community)
        self.fields["grid"].queryset = Grid.objects.filter(pk__in=buildings.values("grid")).order_by("name")
        self.fields["building"].queryset = buildings.order_by("estate", "name")

    def clean(self):
        data = super().clean()
        if bool(data.get("grid")) == bool(data.get("building")):
            raise forms.ValidationError(_("Choose a grid or a building (one of them)."))
        if data.get("doors") and not data.get("building"):
            self.add_error("doors", _("Doors are chosen within a building."))
        pairs = []
        for part in re.split(r"[,，\s]+", data.get("doors") or ""):
            if not part:
                continue
            entrance, sep, door = part.partition("-")
            if not sep or not entrance or not door:
                self.add_error("doors", _("Write each door as entrance-door, e.g. 1-101."))
                break
            pairs.append((entrance, door))
        data["door_pairs"] = pairs
        return data


class GridAssignForm(AssignForm):
    """AssignForm as the coverage page shows it: a grid's households, given to a visitor.

    A building's (or some of its doors) are given from the building's page, next to its doors, rather than
    from a list of every building of the campaign here. Both post to the same view, checked by AssignForm.
    `grids`: the ids of the campaign's grids, which the page knows already (coverage.Coverage.buildings).
    """

    def __init__(self, *args, grids, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["building"], self.fields["doors"]
        self.fields["grid"].queryset = Grid.objects.filter(pk__in=grids).order_by("name")


class BuildingAssignForm(AssignForm):
    """AssignForm as a building's page shows it: its doors (all of them, or those listed), given to a visitor."""

    def __init__(self, *args, building: Building, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["grid"]
        self.fields["building"].widget = forms.HiddenInput()
        self.initial["building"] = building.pk


class HouseholdRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ServiceRequest.Kind.choices, initial=ServiceRequest.Kind.APPEAL)
    description = forms.CharField(label=_("What the household needs"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cap_lengths(self, description=CONCERNS_MAX)


class PairingForm(CommunityForm):
    class Meta:
        model = CarePairing
        fields = ["member", "cadence_days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = service_team(self.community)
        self.fields["cadence_days"].min_value = 1

    def clean_cadence_days(self):
        days = self.cleaned_data["cadence_days"]
        if not 1 <= days <= 366:
            raise forms.ValidationError(_("Between 1 and 366 days."))
        return days


class ImportForm(RosterImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Households workbook (.xlsx)")


class VisitForm(forms.Form):
    """A visit as the phone sends it (multipart: the photo travels in the same request)."""

    id = forms.CharField(max_length=64)
    household = forms.IntegerField(min_value=1)
    campaign = forms.IntegerField(min_value=1, required=False)
    pairing = forms.IntegerField(min_value=1, required=False)
    outcome = forms.ChoiceField(choices=Outcome.choices)
    concerns = forms.CharField(required=False, max_length=CONCERNS_MAX)
    visited_at = forms.DateTimeField()
    answers = forms.CharField(required=False, max_length=20000)
    photo = ImageUploadField(required=False)

    def clean_id(self):
        value = self.cleaned_data["id"]
        if not CLIENT_ID_RE.match(value):
            raise forms.ValidationError(_("Not a visit id."))
        return value

    def clean_answers(self):
        text = self.cleaned_data.get("answers") or "{}"
        try:
            answers = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("The answers could not be read.")) from exc
        if not isinstance(answers, dict) or not all(isinstance(v, str) for v in answers.values()):
            raise forms.ValidationError(_("The answers could not be read."))
        try:
            return {int(k): v.strip() for k, v in answers.items() if v.strip()}
        except ValueError as exc:
            raise forms.ValidationError(_("The answers could not be read.")) from exc

    def clean(self):
        data = super().clean()
        if bool(data.get("campaign")) == bool(data.get("pairing")):
            raise forms.ValidationError(_("A visit belongs to a campaign or a care pairing."))
        for text in [data.get("concerns") or "", *(data.get("answers") or {}).values()]:
            if "\x00" in text:
                raise forms.ValidationError(_("The text contains characters that cannot be stored."))
        return data


def check_answers(questions: list[Question], answers: dict[int, str]) -> str | None:
    """Every answer belongs to one of the campaign's questions and is one of its choices: an error, or None."""
    by_id = {q.pk: q for q in questions}
    for qid, value in answers.items():
        question = by_id.get(qid)
        if question is None:
            return str(_("An answer is to a question of another campaign."))
        if len(value) > ANSWER_MAX:
            return str(_("An answer may have at most %(n)s characters.") % {"n": ANSWER_MAX})
        allowed = question.answer_values()
        if allowed and value not in allowed:
            return str(
                _("“%(value)s” is not one of the answers to “%(question)s”.")
                % {"value": value, "question": question.text}
            )
    return None
