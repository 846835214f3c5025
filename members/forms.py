"""Roster forms. Every choice of a related row is limited to the user's community."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import PhoneField, cap_lengths
from portal.uploads import MAX_UPLOAD_BYTES, ImageUploadField
from portal.versioning import CheckedEditMixin

from .models import (
    Activity,
    Agreement,
    Commitment,
    CommitteeSeat,
    Participation,
    PartyMember,
    Post,
    SharedResource,
    Unit,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# Free-text notes and descriptions on the roster.
TEXT_MAX = 5000


class CommunityForm(CheckedEditMixin, forms.ModelForm):
    """A model form bound to one community: related choices and the saved row stay inside it."""

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = field.queryset.filter(community=community)
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            if isinstance(field, forms.CharField) and field.max_length is None:
                cap_lengths(self, **{name: TEXT_MAX})

    def save(self, commit: bool = True):
        self.instance.community = self.community
        return super().save(commit)

    def _unique_in_community(self, field: str, message) -> str:
        value = self.cleaned_data[field]
        others = self._meta.model.objects.filter(community=self.community, **{field: value})
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(message)
        return value


class UnitForm(CommunityForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "kind",
            "party_org_name",
            "party_org_level",
            "contact_name",
            "contact_phone",
            "address",
            "joined_on",
            "left_on",
        ]

    def clean_name(self) -> str:
        return self._unique_in_community("name", _("A unit with this name is already on the roster."))

    def clean(self):
        data = super().clean()
        if data.get("joined_on") and data.get("left_on") and data["left_on"] < data["joined_on"]:
            self.add_error("left_on", _("A unit cannot leave before it joined."))
        return data


def _check_term(form: forms.ModelForm, data: dict) -> None:
    if data.get("term_start") and data.get("term_end") and data["term_end"] < data["term_start"]:
        form.add_error("term_end", _("The term cannot end before it starts."))


class SeatForm(CommunityForm):
    class Meta:
        model = CommitteeSeat
        fields = ["unit", "holder_name", "holder_title", "role", "term_start", "term_end", "user"]

    def clean(self):
        data = super().clean()
        _check_term(self, data)
        return data


class HandOverForm(forms.Form):
    holder_name = forms.CharField(label=_("New holder"), max_length=50)
    holder_title = forms.CharField(label=_("Position in the unit"), max_length=80, required=False)
    on = forms.DateField(label=_("Takes the seat on"), widget=DateInput())


class PartyMemberForm(CommunityForm):
    phone = PhoneField(required=False)

    class Meta:
        model = PartyMember
        fields = ["name", "phone", "kind", "home_unit", "party_org", "registered_on", "skills", "availability", "user"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == PartyMember.Kind.IN_SERVICE and not data.get("home_unit"):
            self.add_error("home_unit", _("An in-service party member needs a home unit."))
        other = PartyMember.holder_of_phone(self.community.pk, data.get("phone") or "", self.instance.pk)
        if other is not None:
            self.add_error(
                "phone", _("This mobile number is already on the roster as %(name)s.") % {"name": other.name}
            )
        return data


class RegistrationForm(forms.Form):
    """双报到: what an in-service party member tells the community when registering."""

    home_unit = forms.ModelChoiceField(label=_("The unit where I work"), queryset=Unit.objects.none())
    party_org = forms.CharField(
        label=_("My party organization"), max_length=120, help_text=_("e.g. the party branch of your unit")
    )
    skills = forms.CharField(label=_("Skills I can offer"), max_length=200, required=False)
    availability = forms.CharField(
        label=_("When I can serve"), max_length=200, help_text=_("e.g. Saturday mornings, weekday evenings")
    )
    posts = forms.ModelMultipleChoiceField(
        label=_("Posts I would like to serve in"),
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_unit"].queryset = Unit.objects.filter(community=community, left_on__isnull=True)
        self.fields["posts"].queryset = Post.objects.filter(community=community, is_open=True)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), max_length=200)


class AgreementForm(CommunityForm):
    class Meta:
        model = Agreement
        fields = ["unit", "title", "signed_on", "term_start", "term_end", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        _check_term(self, data)
        return data


class CommitmentForm(CommunityForm):
    class Meta:
        model = Commitment
        fields = ["kind", "description", "activities_per_year", "hours_per_year"]


class ActivityForm(CommunityForm):
    class Meta:
        model = Activity
        fields = ["title", "kind", "date", "place", "organizer", "commitment", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = self.fields["commitment"].queryset.select_related("agreement__unit")
        self.fields["commitment"].label_from_instance = lambda c: f"{c.agreement.unit} · {c}"


class ParticipationForm(CommunityForm):
    class Meta:
        model = Participation
        fields = ["member", "hours"]

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["member"].queryset = self.fields["member"].queryset.filter(status=PartyMember.Status.CONFIRMED)

    def clean_member(self):
        member = self.cleaned_data["member"]
        if Participation.objects.filter(activity=self.activity, member=member).exists():
            raise forms.ValidationError(_("This member is already recorded for the activity."))
        return member

    def save(self, commit: bool = True):
        self.instance.activity = self.activity
        return super().save(commit)


class PhotoForm(forms.Form):
    image = ImageUploadField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=150, required=False)


class PostForm(CommunityForm):
    class Meta:
        model = Post
        fields = ["name", "duty", "holder", "is_open"]

    def clean_name(self) -> str:
        return self._unique_in_community("name", _("A post with this name already exists."))


class ResourceForm(CommunityForm):
    class Meta:
        model = SharedResource
        fields = ["unit", "name", "kind", "description", "availability", "is_available"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Roster workbook (.xlsx)"), help_text=_("Fill in the template; all rows are checked before saving.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
