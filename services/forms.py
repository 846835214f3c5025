"""Forms of the service desk: filing, the workflow steps, tracking, the desk filters."""

import uuid

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from portal.access import ADMIN_GROUP, STAFF_GROUP, for_community
from portal.forms import cap_lengths
from portal.models import MOBILE_RE, User
from portal.uploads import DocumentUploadField, ImageUploadField

from .models import Attachment, HomeStep, Rating, ServiceItem, ServiceRequest
from .tracking import LANDLINE_RE, is_mobile

phone_or_landline = RegexValidator(
    f"{MOBILE_RE.pattern}|{LANDLINE_RE.pattern}",
    _("Enter a mobile number (11 digits) or a landline with its area code, e.g. 0431-1234567."),
)

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def staff_of(user):
    """Staff and admins of the user's community, for assignment choices."""
    return (
        for_community(User.objects.filter(groups__name__in=[STAFF_GROUP, ADMIN_GROUP], is_active=True), user)
        .distinct()
        .order_by("real_name")
    )


# Notes, reasons and comments: a long letter fits, a pasted book does not.
NOTE_MAX = 2000


class ApplyForm(forms.ModelForm):
    """File a request online (a resident) or on someone's behalf (staff)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    photo = ImageUploadField(label=_("Photo"), required=False)
    document = DocumentUploadField(label=_("Document"), required=False)

    class Meta:
        model = ServiceRequest
        fields = [
            "kind",
            "item",
            "channel",
            "applicant_name",
            "applicant_phone",
            "served_name",
            "served_phone",
            "served_relation",
            "description",
            "address",
            "contact_time",
            "wants_home_visit",
            "needs_delivery",
            "sms_updates",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "applicant_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "served_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        labels = {
            "description": _("What do you need?"),
            "served_name": _("Filing for someone else? Their name"),
            "served_phone": _("Their phone"),
            "served_relation": _("You are their"),
        }
        help_texts = {
            "served_name": _("For a parent, a relative or a neighbour (代办). Leave empty if the request is for you."),
            "served_phone": _("They can follow the request with its reference and the last 4 digits of this number."),
            "served_relation": _("For a parent, choose “Son or daughter”."),
            "contact_time": _("For example: weekday mornings."),
            "address": _("Needed for home visits and delivery."),
            "sms_updates": _("Only for a mobile number. For a landline the desk must phone the caller."),
        }

    def __init__(self, *args, user, community, on_behalf: bool, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.community, self.on_behalf, self.notice = user, community, on_behalf, notice
        cap_lengths(self, description=NOTE_MAX)
        self.fields["item"].queryset = ServiceItem.objects.filter(community=community, is_active=True)
        self.fields["item"].required = False
        self.fields["item"].help_text = _("Required for a service; optional for help requests and suggestions.")
        self.fields["item"].empty_label = _("Choose a service")
        self.fields["form_token"].initial = uuid.uuid4()
        self.fields["served_phone"].validators.append(phone_or_landline)
        self.fields["served_relation"].choices = [("", _("Choose"))] + list(ServiceRequest.Relation.choices)
        if on_behalf:
            self.fields["channel"].choices = [
                c for c in ServiceRequest.Channel.choices if c[0] != ServiceRequest.Channel.ONLINE
            ]
            self.fields["applicant_phone"].validators.append(phone_or_landline)
            self.fields["applicant_name"].required = True
            self.fields["applicant_phone"].required = True
            self.fields["sms_updates"].initial = True
        else:
            for name in ("channel", "applicant_name", "applicant_phone", "sms_updates"):
                del self.fields[name]
        if notice is not None:
            # An objection to a notice in its publicity period is a suggestion about that notice.
            self.fields["kind"].choices = [(ServiceRequest.Kind.SUGGESTION, ServiceRequest.Kind.SUGGESTION.label)]
            self.fields["kind"].initial = ServiceRequest.Kind.SUGGESTION
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["description"].label = _("Your objection and its reasons")
            # An objection is written, not visited: no service, no home visit or delivery.
            # An objection is the filer's own: nobody else's name goes with it.
            for name in ("item", "address", "contact_time", "wants_home_visit", "needs_delivery", *self.SERVED):
                del self.fields[name]

    # The form in a few large steps, one screen each on a phone (MIIT's age-friendly rules ask for short
    # forms); without JavaScript all steps show on one page.
    SERVED = ("served_name", "served_phone", "served_relation")
    STEPS = [
        (_("What you need"), ["kind", "item", "channel", "applicant_name", "applicant_phone", *SERVED]),
        (_("Tell us about it"), ["description", "photo", "document"]),
        (_("Where and when to reach you"), ["address", "contact_time", "wants_home_visit", "needs_delivery"]),
    ]

    def steps(self) -> list[tuple[str, list]]:
        """(title, bound fields) for each step that has a field on this form."""
        found = [(title, [self[name] for name in names if name in self.fields]) for title, names in self.STEPS]
        return [(title, fields) for title, fields in found if fields]

    def clean(self):
        data = super().clean()
        if self.notice is None and data.get("kind") == ServiceRequest.Kind.SERVICE and not data.get("item"):
            self.add_error("item", _("Choose the service you need."))
        phone = (data.get("applicant_phone") or "").replace(" ", "")
        if phone:
            data["applicant_phone"] = phone
        if data.get("sms_updates") and phone and not is_mobile(phone):
            data["sms_updates"] = False  # a landline gets no SMS: the request page tells the desk to phone
        if (data.get("wants_home_visit") or data.get("needs_delivery")) and not (data.get("address") or "").strip():
            self.add_error("address", _("Give the address for the home visit or the delivery."))
        self._clean_served(data, phone if self.on_behalf else self.user.phone)
        return data

    def _clean_served(self, data: dict, filer_phone: str) -> None:
        """Filing for someone else takes their name, phone and the relation; for oneself, none of them."""
        if not any(name in self.fields for name in self.SERVED):
            return
        served_phone = (data.get("served_phone") or "").replace(" ", "").strip()
        data["served_name"] = (data.get("served_name") or "").strip()
        if served_phone:
            data["served_phone"] = served_phone
        given = [name for name in self.SERVED if data.get(name) or self.has_error(name)]
        if not given:
            return
        for name in self.SERVED:
            if name not in given:
                self.add_error(name, _("Needed when you file for someone else."))
        if served_phone and served_phone == filer_phone:
            self.add_error(
                "served_phone", _("This is the applicant's own number: leave these fields empty for oneself.")
            )

    def _verified_account(self, phone: str) -> User | None:
        """The account of this community that proved it owns the number, if any."""
        return User.objects.filter(
            phone=phone, community=self.community, is_active=True, phone_verified_at__isnull=False
        ).first()

    def file(self) -> ServiceRequest:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name in data}
        if self.notice is not None:
            fields |= {"notice": self.notice, "kind": ServiceRequest.Kind.SUGGESTION}
        if self.on_behalf:
            # Only an account that proved the number is its own; otherwise the request waits for one that does.
            fields["applicant"] = self._verified_account(data["applicant_phone"])
            if fields["applicant"] is not None:
                fields["sms_updates"] = False  # the account is told in the portal
        else:
            fields |= {
                "channel": ServiceRequest.Channel.ONLINE,
                "applicant": self.user,
                "applicant_name": self.user.real_name,
                "applicant_phone": self.user.phone,
            }
        if data.get("served_name"):
            # The person served follows the request in their account once their number is verified.
            served = self._verified_account(data["served_phone"])
            fields["served_account"] = served if served != fields.get("applicant") else None
        req, created = ServiceRequest.file(
            community=self.community, submitted_by=self.user, form_token=data["form_token"], **fields
        )
        if created:
            for upload in (data.get("photo"), data.get("document")):
                if upload:
                    Attachment.store(req, None, upload, self.user)
        return req


class NoteForm(forms.Form):
    note = forms.CharField(
        max_length=NOTE_MAX, label=_("Note for the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AskForm(forms.Form):
    materials = forms.CharField(
        max_length=NOTE_MAX,
        label=_("Materials still needed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    note = forms.CharField(max_length=NOTE_MAX, label=_("Note for the applicant"), required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(max_length=NOTE_MAX, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class DeliverForm(forms.Form):
    note = forms.CharField(
        max_length=NOTE_MAX, label=_("How it was delivered"), widget=forms.Textarea(attrs={"rows": 2})
    )
    photo = ImageUploadField(label=_("Photo as proof"), required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args, user, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_of(user)
        self.fields["assignee"].initial = current


class StaffNoteForm(forms.Form):
    text = forms.CharField(
        max_length=NOTE_MAX, label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    public = forms.BooleanField(label=_("Show to the applicant"), required=False)
    photo = ImageUploadField(label=_("Photo"), required=False)
    document = DocumentUploadField(label=_("Document"), required=False)


class PublicViewForm(forms.Form):
    """What the public sees of a request through Open311: a summary staff write, and at most one picture."""

    summary = forms.CharField(
        max_length=1000,
        label=_("Public summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to the public instead of the applicant's text: no name, phone or door number."),
    )
    picture = forms.ModelChoiceField(
        label=_("Picture shown publicly"), queryset=Attachment.objects.none(), required=False
    )

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].initial = request_obj.public_summary
        pictures = request_obj.attachments.exclude(thumbnail="")
        self.fields["picture"].queryset = pictures
        self.fields["picture"].initial = next((a.pk for a in pictures if a.shown_publicly), None)


class BookStepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=HomeStep.Kind.choices)
    appointment_at = forms.DateTimeField(label=_("Appointment"), widget=DATETIME_LOCAL)
    note = forms.CharField(max_length=NOTE_MAX, label=_("Note"), required=False)


class VisitProofForm(forms.Form):
    step = forms.ModelChoiceField(label=_("Visit"), queryset=HomeStep.objects.none())
    note = forms.CharField(max_length=NOTE_MAX, label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    photo = ImageUploadField(label=_("Photo as proof"), required=False)

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = request_obj.steps.filter(kind=HomeStep.Kind.VISIT, done_at__isnull=True)
        self.fields["step"].empty_label = None  # the earliest open visit is the usual one


class MaterialsForm(forms.Form):
    text = forms.CharField(
        max_length=NOTE_MAX, label=_("Information"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = ImageUploadField(label=_("Photo"), required=False)
    document = DocumentUploadField(label=_("Document"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("photo") and not data.get("document"):
            raise forms.ValidationError(_("Write something or add a file."))
        return data


class RateForm(forms.Form):
    solved = forms.TypedChoiceField(
        label=_("Was your problem solved?"),
        choices=[("yes", _("Yes, it was solved")), ("no", _("No, not solved"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    score = forms.TypedChoiceField(
        label=_("How satisfied are you?"), choices=Rating.Score.choices, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        max_length=NOTE_MAX, label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        max_length=NOTE_MAX, label=_("Why is it not settled?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        max_length=NOTE_MAX, label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2})
    )


class TrackForm(forms.Form):
    ref = forms.CharField(label=_("Reference number"), max_length=30)
    digits = forms.RegexField(
        label=_("Last 4 digits of the applicant's phone"),
        regex=r"^\d{4}$",
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter 4 digits.")},
        help_text=_("For a request a relative filed for you, the digits of your own phone work too."),
    )

    def clean_ref(self):
        return self.cleaned_data["ref"].strip().upper()


class DeskFilterForm(forms.Form):
    SORTS = [("due", _("Due date")), ("-created", _("Newest first"))]

    status = forms.ChoiceField(label=_("Status"), required=False)
    item = forms.ModelChoiceField(label=_("Service"), queryset=ServiceItem.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    assignee = forms.ModelChoiceField(label=_("Handled by"), queryset=User.objects.none(), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), choices=SORTS, required=False)

    def __init__(self, *args, items, staff, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["status"].choices = every + [("open", _("All open"))] + list(ServiceRequest.Status.choices)
        self.fields["kind"].choices = every + list(ServiceRequest.Kind.choices)
        self.fields["channel"].choices = every + list(ServiceRequest.Channel.choices)
        self.fields["item"].queryset = items
        self.fields["assignee"].queryset = staff
        self.fields["item"].empty_label = _("All")
        self.fields["assignee"].empty_label = _("All")


class DeskQueueForm(DeskFilterForm):
    """The desk's filters with a search box and the filing period, both optional (the queue and its print view)."""

    q = forms.CharField(
        label=_("Search"),
        max_length=50,
        required=False,
        help_text=_(
            "Reference number, or the name or phone number (or its last 4 digits) of the applicant or of the "
            "person served."
        ),
    )
    since = forms.DateField(label=_("Filed from"), required=False)
    until = forms.DateField(label=_("Filed until"), required=False)
    field_order = ["status", "item", "kind", "assignee", "channel", "since", "until", "overdue", "sort"]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period comes before its start."))
        return data


class ExportForm(DeskFilterForm):
    """The desk's filters plus the period the requests were filed in."""

    MAX_DAYS = 731

    since = forms.DateField(label=_("Filed from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    until = forms.DateField(label=_("Filed until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["sort"]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        elif since and until and (until - since).days > self.MAX_DAYS:
            self.add_error("until", _("Export at most two years at a time."))
        return data


class PeriodExportForm(forms.Form):
    """The period of a staff member's export: the requests filed from one day to another, a year at most."""

    MAX_DAYS = 366

    since = forms.DateField(label=_("Filed from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    until = forms.DateField(label=_("Filed until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        elif since and until and (until - since).days >= self.MAX_DAYS:
            self.add_error("until", _("Export at most one year at a time."))
        return data
