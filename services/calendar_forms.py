"""Forms of the working-day calendar page: a period of the State Council notice, a year's notice."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.versioning import VersionedFormMixin

from .models import CalendarPeriod, CalendarYear

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LONGEST_PERIOD_DAYS = 31  # the longest holiday a notice has listed is 9 days; a month is a typing slip


class CalendarPeriodForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarPeriod
        fields = ["first", "last", "is_workday", "name"]
        widgets = {"first": DATE_INPUT, "last": DATE_INPUT, "is_workday": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A BooleanField with choices renders as a select; the kind is one of two, chosen on purpose.
        self.fields["is_workday"] = forms.TypedChoiceField(
            label=_("Kind"),
            choices=[("False", _("Holiday (days off)")), ("True", _("Make-up workday"))],
            coerce=lambda value: value == "True",
            widget=forms.RadioSelect,
            initial="False" if self.instance.pk is None else str(self.instance.is_workday),
        )
        if self.instance.pk:
            self.add_version_field()

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first is None or last is None:
            return data
        if last < first:
            self.add_error("last", _("The period ends before it begins."))
        elif (last - first).days >= LONGEST_PERIOD_DAYS:
            self.add_error(
                "last", _("A period of the notice is at most %(days)s days long.") % {"days": LONGEST_PERIOD_DAYS}
            )
        else:
            overlapping = CalendarPeriod.objects.filter(first__lte=last, last__gte=first).exclude(pk=self.instance.pk)
            clash = overlapping.first()
            if clash is not None:
                self.add_error("first", _("These dates overlap “%(period)s”.") % {"period": clash})
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CalendarYearForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["notice", "confirmed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.add_version_field()


def year_in_reach(year: int) -> bool:
    """The page keeps years within five of this one: a notice is published a year ahead at most."""
    this_year = timezone.localdate().year
    return this_year - 5 <= year <= this_year + 5
