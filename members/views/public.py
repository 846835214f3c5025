"""Pages for everyone: the public committee list, 双报到, a member's own hours."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.access import Role, public_community, role_required
from portal.pagecache import public_page
from portal.params import year_param

from ..access import own_member, own_registration
from ..forms import RegistrationForm
from ..models import Agreement, CommitteeSeat, PartyMember, RosterError, Unit
from ..ordering import committee_order, unit_order
from ..reports import agreements_with_delivery, lines, member_year, total_hours


@public_page
@require_GET
def committee(request):
    """The big committee as the public may see it: units, roles and names, no contact details."""
    community = public_community(request)
    seats = CommitteeSeat.objects.active().filter(community=community).select_related("unit")
    units = Unit.objects.filter(community=community, left_on__isnull=True)
    context = {"community": community, "seats": committee_order(seats), "units": unit_order(units)}
    return render(request, "members/committee.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    """双报到: an in-service party member registers with the community they live in."""
    registration = own_registration(request.user)
    can_apply = request.user.community_id is not None and (
        registration is None or registration.status == PartyMember.Status.DECLINED
    )
    form = RegistrationForm(request.POST or None, community=request.user.community) if can_apply else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            PartyMember.register(
                request.user,
                home_unit=data["home_unit"],
                party_org=data["party_org"],
                skills=data["skills"],
                availability=data["availability"],
                posts=data["posts"],
            )
        except RosterError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you. The community office will confirm your registration."))
        return redirect("members:register")
    return render(request, "members/register.html", {"registration": registration, "form": form})


@role_required(Role.PARTY_MEMBER)
@require_GET
def my_activities(request):
    """A party member's own activities and volunteer hours for a year."""
    member = own_member(request.user)
    year = year_param(request)
    participations = list(member_year(member, year))
    context = {
        "member": member,
        "year": year,
        "participations": participations,
        "total": total_hours(participations),
        "posts": member.posts.all(),
    }
    return render(request, "members/my_activities.html", context)


@role_required(Role.COMMITTEE)
@require_GET
def my_unit(request):
    """A committee member's own unit: its agreement, what it promised and what it delivered this year."""
    year = year_param(request)
    seats = CommitteeSeat.objects.active().filter(user=request.user, community_id=request.user.community_id)
    units = Unit.objects.filter(pk__in=seats.values("unit_id")).order_by("name")
    agreements = agreements_with_delivery(Agreement.objects.filter(unit__in=units), year).order_by("unit__name")
    rows = [(agreement, lines(agreement)) for agreement in agreements]
    return render(request, "members/my_unit.html", {"units": units, "rows": rows, "year": year})
