from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.core import validators
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .access import ADMIN_GROUP, STAFF_GROUP
from .models import AuditLog, Community, User, mobile_validator
from .versioning import CheckedEditMixin, VersionedFormMixin, lock_version


def form_errors(form) -> list[str]:
    """Each error of a form as one line, led by its field's label ("Title: This field is required.")."""
    lines = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        lines.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return lines


def show_form_errors(request, form, summary: str = "") -> None:
    """The errors of a form posted from another page, as messages on the page the user goes back to.

    With a summary ("… was not added: %(e)s") they make one message, otherwise one message each.
    """
    lines = form_errors(form)
    if summary:
        messages.error(request, summary % {"e": "; ".join(lines)})
        return
    for line in lines:
        messages.error(request, line)


class PhoneField(forms.CharField):
    """A mainland mobile number; spaces and dashes people type are dropped."""

    default_validators = [mobile_validator]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", _("Mobile number"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "tel"})
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(" ", "").replace("-", "").removeprefix("+86")


class LoginForm(AuthenticationForm):
    username = PhoneField(widget=forms.TextInput(attrs={"autofocus": True}))

    error_messages = {
        "invalid_login": _("The mobile number or password is not correct."),
        "inactive": _("This account has been disabled. Please contact the community office."),
    }


class PhoneForm(forms.Form):
    """The first step of registration and recovery: the number a code goes to."""

    phone = PhoneField()


class CodeField(forms.RegexField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Verification code"))
        kwargs.setdefault("help_text", _("The 6 digits sent to your phone by SMS."))
        super().__init__(
            regex=r"^\d{6}$",
            max_length=6,
            error_messages={"invalid": _("Enter the 6 digits of the code.")},
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
            **kwargs,
        )


class CodeForm(forms.Form):
    code = CodeField()


class NewPasswordMixin(forms.Form):
    """Two password fields checked against the validators."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_user(self) -> User:
        return User(phone=getattr(self, "phone", ""), real_name=self.cleaned_data.get("real_name", ""))

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.password_user())
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RegisterForm(NewPasswordMixin, forms.ModelForm):
    """The second step of registration: the code sent to the number, then name, community and password."""

    code = CodeField()
    consent = forms.BooleanField(
        label=_("I have read and agree to the privacy notice"),
        error_messages={"required": _("Please read and agree to the privacy notice to register.")},
    )

    class Meta:
        model = User
        fields = ["real_name", "community"]
        labels = {"real_name": _("Real name")}

    field_order = ["code", "real_name", "community", "password1", "password2", "consent"]

    def __init__(self, *args, phone: str, **kwargs):
        self.phone = phone
        super().__init__(*args, **kwargs)
        self.fields["community"].required = True
        self.fields["community"].queryset = Community.objects.order_by("name")
        self.fields["community"].empty_label = _("Choose your community")
        if self.fields["community"].queryset.count() == 1:
            self.fields["community"].initial = self.fields["community"].queryset.first()

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.phone = self.phone
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class ResetPasswordForm(NewPasswordMixin, forms.Form):
    """Forgotten password, second step: the code, then the new password."""

    code = CodeField()
    field_order = ["code", "password1", "password2"]

    def __init__(self, *args, phone: str, **kwargs):
        self.phone = phone
        super().__init__(*args, **kwargs)


class SlipForm(NewPasswordMixin, forms.Form):
    """Redeem a reset slip printed at the desk."""

    token = forms.RegexField(
        label=_("Code on the slip"),
        regex=r"^[A-Z2-9]{4}(-?[A-Z2-9]{4}){3}$",
        max_length=19,
        error_messages={"invalid": _("Enter the 16 letters and digits printed on the slip.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    field_order = ["token", "password1", "password2"]

    def clean_token(self):
        return self.cleaned_data["token"].replace("-", "").upper()


class ProfileForm(CheckedEditMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["real_name", "email"]
        labels = {"real_name": _("Real name"), "email": _("E-mail (optional, for notifications)")}


class UserRolesForm(VersionedFormMixin, forms.Form):
    """What an admin may change about an account of their community."""

    is_staff_member = forms.BooleanField(label=_("Community staff"), required=False)
    is_admin = forms.BooleanField(label=_("Community admin"), required=False)
    is_verified = forms.BooleanField(label=_("Identity verified in person"), required=False)
    is_active = forms.BooleanField(label=_("Account active"), required=False)
    must_change_password = forms.BooleanField(label=_("Must set a new password at the next request"), required=False)

    def __init__(self, *args, user: User, acting: User, **kwargs):
        self.user, self.acting = user, acting
        names = set(user.groups.values_list("name", flat=True))
        kwargs.setdefault(
            "initial",
            {
                "is_staff_member": STAFF_GROUP in names,
                "is_admin": ADMIN_GROUP in names,
                "is_verified": user.is_verified,
                "is_active": user.is_active,
                "must_change_password": user.must_change_password,
            },
        )
        super().__init__(*args, **kwargs)
        self.instance = user
        self.add_version_field()

    def shown_fields(self) -> list[str]:
        return ["is_verified", "is_active", "groups"]

    def clean(self):
        cleaned = super().clean()
        if self.user == self.acting and not (cleaned.get("is_admin") and cleaned.get("is_active")):
            raise forms.ValidationError(_("You cannot remove your own admin role or disable your own account."))
        return cleaned

    @transaction.atomic
    def save(self) -> User:
        from . import audit

        user = self.user
        lock_version(user, self.cleaned_data.get("version"))
        user.is_verified = self.cleaned_data["is_verified"]
        user.is_active = self.cleaned_data["is_active"]
        user.must_change_password = self.cleaned_data["must_change_password"]
        user.save(update_fields=["is_verified", "is_active", "must_change_password", "version"])
        before = sorted(user.groups.values_list("name", flat=True))
        for name, wanted in ((STAFF_GROUP, "is_staff_member"), (ADMIN_GROUP, "is_admin")):
            group, _created = Group.objects.get_or_create(name=name)
            if self.cleaned_data[wanted]:
                user.groups.add(group)
            else:
                user.groups.remove(group)
        after = sorted(user.groups.values_list("name", flat=True))
        if before != after:
            audit.record_action(user, "roles changed", {"groups": [before, after]})
        return user


class CloseAccountForm(forms.Form):
    """Closing an account cannot be undone: the password confirms it is the person."""

    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, max_length=128)
    confirm = forms.BooleanField(
        label=_("I understand my account and personal data are removed and cannot be restored."), required=True
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Object or actor"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditLog.Action.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def cap_lengths(form: forms.BaseForm, **limits: int) -> None:
    """Give unbounded text fields (model TextFields) a length limit, checked on the form and hinted to the browser.

    Without one, a 10 MB paste is stored and shown on every page that lists the row.
    """
    for name, limit in limits.items():
        field = form.fields[name]
        field.max_length = limit
        field.validators.append(validators.MaxLengthValidator(limit))
        field.widget.attrs["maxlength"] = str(limit)
