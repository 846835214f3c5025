"""List filters (django-filter). Related choices come from the user's own community."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Activity, Agreement, CommitteeSeat, PartyMember, Unit


def _units(request):
    if request is None or not request.user.is_authenticated:
        return Unit.objects.none()
    # By name alone: within one community that is the model's order, without joining the community to sort.
    return Unit.objects.filter(community_id=request.user.community_id).order_by("name")


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no_filter(label, method: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(label=label, choices=YES_NO, empty_label=_("All"), method=method)


class SearchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)


class UnitFilter(SearchFilterSet):
    search_fields = ("name", "party_org_name", "contact_name")
    active = yes_no_filter(_("Still a member"), "filter_active")

    class Meta:
        model = Unit
        fields = ["q", "kind", "active"]

    def filter_active(self, queryset, name, value):
        today = timezone.localdate()
        current = Q(left_on__isnull=True) | Q(left_on__gt=today)
        return queryset.filter(current) if value == "yes" else queryset.exclude(current)


class SeatFilter(SearchFilterSet):
    search_fields = ("holder_name", "holder_title")
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_units)
    current = yes_no_filter(_("Current term"), "filter_current")

    class Meta:
        model = CommitteeSeat
        fields = ["q", "unit", "role", "current"]

    def filter_current(self, queryset, name, value):
        active = CommitteeSeat.objects.active().values("pk")
        return queryset.filter(pk__in=active) if value == "yes" else queryset.exclude(pk__in=active)


class PartyMemberFilter(SearchFilterSet):
    search_fields = ("name", "phone", "skills", "party_org")
    home_unit = django_filters.ModelChoiceFilter(label=_("Home unit"), queryset=_units)

    class Meta:
        model = PartyMember
        fields = ["q", "kind", "status", "home_unit"]


class AgreementFilter(SearchFilterSet):
    search_fields = ("title", "unit__name")
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_units)

    class Meta:
        model = Agreement
        fields = ["q", "unit"]


class ActivityFilter(SearchFilterSet):
    search_fields = ("title", "place", "description")
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="date", lookup_expr="year", min_value=2000, max_value=2100
    )
    organizer = django_filters.ModelChoiceFilter(label=_("Organizing unit"), queryset=_units)

    class Meta:
        model = Activity
        fields = ["q", "kind", "year", "organizer"]
