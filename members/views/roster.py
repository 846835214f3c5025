"""Staff pages for units, committee seats, party members and 双报到 registrations."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import audit
from portal.access import staff_required
from portal.links import link_for_each
from portal.params import year_param

from ..access import get_for_user, in_community
from ..collation import stroke_key
from ..filters import PartyMemberFilter, SeatFilter, UnitFilter
from ..forms import DeclineForm, HandOverForm, PartyMemberForm, SeatForm, UnitForm
from ..models import Agreement, CommitteeSeat, PartyMember, Post, RosterError, SharedResource, Unit
from ..ordering import committee_order
from ..reports import agreements_with_delivery, lines
from .common import form_page, paginate, query_without_page

# --- units ---------------------------------------------------------------------------------------------------


@staff_required
@require_GET
def unit_list(request):
    units = in_community(Unit.objects.all(), request.user).annotate(
        n_seats=Count("seats", filter=Q(seats__in=CommitteeSeat.objects.active()), distinct=True),
        n_members=Count("registered_members", distinct=True),
    )
    filterset = UnitFilter(request.GET or None, queryset=units.order_by("name"), request=request)
    page = paginate(request, filterset.qs)
    context = {"filter": filterset, "page": page, "query": query_without_page(request)}
    return render(request, "members/unit_list.html", context)


@staff_required
@require_GET
def unit_detail(request, pk: int):
    unit = get_for_user(Unit.objects.all(), request.user, pk)
    year = year_param(request)
    seats = committee_order(unit.seats.select_related("user"))
    members = unit.registered_members.prefetch_related("posts").order_by("status", "name")
    agreements = agreements_with_delivery(Agreement.objects.filter(unit=unit), year)
    context = {
        "unit": unit,
        "year": year,
        "current_seats": [s for s in seats if s.is_current],
        "past_seats": [s for s in seats if not s.is_current],
        "members": members,
        "agreements": [(agreement, lines(agreement)) for agreement in agreements],
        "resources": SharedResource.objects.filter(unit=unit),
    }
    return render(request, "members/unit_detail.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    form = UnitForm(request.POST or None, community=request.user.community)
    back = reverse("members:unit_list")
    return form_page(request, form, title=_("New member unit"), back=back, saved=_("The unit has been saved."))


@staff_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    unit = get_for_user(Unit.objects.all(), request.user, pk)
    form = UnitForm(request.POST or None, instance=unit, community=request.user.community)
    title = _("Edit %(name)s") % {"name": unit.name}
    return form_page(request, form, title=title, back=unit.get_absolute_url(), saved=_("The unit has been saved."))


# --- committee seats -----------------------------------------------------------------------------------------


@staff_required
@require_GET
def seat_list(request):
    seats = in_community(CommitteeSeat.objects.select_related("unit", "user"), request.user)
    filterset = SeatFilter(request.GET or None, queryset=seats, request=request)
    # Committee order (role, then surname strokes) is made in Python: a committee is tens of rows.
    page = paginate(request, committee_order(filterset.qs), size=100)
    context = {"filter": filterset, "page": page, "query": query_without_page(request)}
    return render(request, "members/seat_list.html", context)


def _seat_saved(seat: CommitteeSeat) -> str:
    return seat.unit.get_absolute_url()


@staff_required
@require_http_methods(["GET", "POST"])
def seat_create(request):
    initial = (
        {"unit": request.GET.get("unit")}
        if request.GET.get("unit", "").isdecimal() and request.GET["unit"].isascii()
        else None
    )
    form = SeatForm(request.POST or None, initial=initial, community=request.user.community)
    back = reverse("members:seat_list")
    saved = _("The committee seat has been saved.")
    return form_page(request, form, title=_("New committee seat"), back=back, saved=saved, next_url=_seat_saved)


@staff_required
@require_http_methods(["GET", "POST"])
def seat_edit(request, pk: int):
    seat = get_for_user(CommitteeSeat.objects.select_related("unit"), request.user, pk)
    form = SeatForm(request.POST or None, instance=seat, community=request.user.community)
    title = _("Edit the seat of %(name)s") % {"name": seat.holder_name}
    saved = _("The committee seat has been saved.")
    back = seat.unit.get_absolute_url()
    return form_page(request, form, title=title, back=back, saved=saved, next_url=_seat_saved)


@staff_required
@require_http_methods(["GET", "POST"])
def seat_hand_over(request, pk: int):
    """A new holder takes the seat: the old row ends, a new one starts, history is kept."""
    seat = get_for_user(CommitteeSeat.objects.select_related("unit"), request.user, pk)
    form = HandOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seat.hand_over(**form.cleaned_data)
        except RosterError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(name)s now holds the seat.") % {"name": form.cleaned_data["holder_name"]})
            return redirect(seat.unit.get_absolute_url())
    title = _("Hand over the seat of %(name)s") % {"name": seat.holder_name}
    context = {"form": form, "title": title, "back": seat.unit.get_absolute_url(), "seat": seat}
    return render(request, "members/form.html", context)


# --- party members -------------------------------------------------------------------------------------------


MEMBER_LIST_FIELDS = (
    "name", "phone", "kind", "registered_on", "status", "user_id", "community_id", "home_unit__name",
)  # fmt: skip


@staff_required
@require_GET
def member_list(request):
    members = in_community(PartyMember.objects.select_related("home_unit"), request.user)
    # Only the columns the table shows: PostgreSQL sorts every member of the community for the page,
    # and narrow rows sort several times faster than whole ones.
    members = members.only(*MEMBER_LIST_FIELDS)
    # A subquery, not a join: the page's count is then a plain COUNT of the members, not of a GROUP BY.
    posts = Post.objects.filter(holder=OuterRef("pk")).order_by().values("holder").annotate(n=Count("pk"))
    members = members.annotate(n_posts=Coalesce(Subquery(posts.values("n")), 0))
    filterset = PartyMemberFilter(request.GET or None, queryset=members.order_by("name", "pk"), request=request)
    pending = in_community(PartyMember.objects.filter(status=PartyMember.Status.PENDING), request.user)
    page = paginate(request, filterset.qs)
    context = {
        "filter": filterset,
        "page": page,
        "rows": _member_rows(page),
        "query": query_without_page(request),
        "pending": pending.count(),
    }
    return render(request, "members/member_list.html", context)


def _member_rows(members) -> list[dict]:
    """The roster table's cells, worked out once here (labels, links, dates) rather than per row in the template."""
    unit_urls = {}
    edit_url = link_for_each("members:member_edit")
    rows = []
    for member in members:
        unit = member.home_unit
        if unit is not None and unit.pk not in unit_urls:
            unit_urls[unit.pk] = unit.get_absolute_url()
        rows.append(
            {
                "url": edit_url(member.pk),
                "name": member.name,
                "has_account": member.user_id is not None,
                "phone": member.phone or "—",
                "kind": member.get_kind_display(),
                "unit": unit and unit.name,
                "unit_url": unit and unit_urls[unit.pk],
                "registered": member.registered_on.strftime("%Y-%m-%d") if member.registered_on else "—",
                "status": member.get_status_display(),
                "n_posts": member.n_posts,
            }
        )
    return rows


@staff_required
@require_GET
def member_print(request):
    """The roster as the screen's filters choose it, every row on one printable page, in stroke order."""
    members = in_community(PartyMember.objects.select_related("home_unit"), request.user)
    filterset = PartyMemberFilter(request.GET or None, queryset=members.order_by("name", "pk"), request=request)
    printed = sorted(filterset.qs, key=lambda m: stroke_key(m.name))
    audit.record_action(request.user.community, "roster printed", {"rows": [None, len(printed)]})
    return render(request, "members/member_print.html", {"members": printed, "query": request.GET.urlencode()})


@staff_required
@require_http_methods(["GET", "POST"])
def member_create(request):
    form = PartyMemberForm(request.POST or None, community=request.user.community)
    back = reverse("members:member_list")
    saved = _("The party member has been saved.")
    return form_page(request, form, title=_("New party member"), back=back, saved=saved)


@staff_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    member = get_for_user(PartyMember.objects.all(), request.user, pk)
    form = PartyMemberForm(request.POST or None, instance=member, community=request.user.community)
    title = _("Edit %(name)s") % {"name": member.name}
    back = reverse("members:member_list")
    return form_page(request, form, title=title, back=back, saved=_("The party member has been saved."))


@staff_required
@require_GET
def registration_list(request):
    page = paginate(request, _pending(request.user))
    return render(request, "members/registration_list.html", {"page": page})


def _pending(user):
    pending = in_community(PartyMember.objects.filter(status=PartyMember.Status.PENDING), user)
    return (
        pending.select_related("home_unit", "user")
        .prefetch_related(Prefetch("preferred_posts", queryset=Post.objects.order_by("name")))
        .order_by("registered_on", "pk")
    )


@staff_required
@require_GET
def registration_print(request):
    """Every registration waiting for confirmation on one printable page, with a column for the decision."""
    pending = list(_pending(request.user))
    audit.record_action(request.user.community, "registrations printed", {"rows": [None, len(pending)]})
    return render(request, "members/registration_print.html", {"members": pending})


@staff_required
@require_POST
def registration_confirm(request, pk: int):
    member = get_for_user(PartyMember.objects.select_related("user"), request.user, pk)
    try:
        member.confirm(by=request.user)
    except RosterError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s is now on the roster as an in-service party member.") % {"name": member})
    return redirect("members:registration_list")


@staff_required
@require_POST
def registration_decline(request, pk: int):
    member = get_for_user(PartyMember.objects.select_related("user"), request.user, pk)
    form = DeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise RosterError(_("Give a reason for declining."))
        member.decline(by=request.user, reason=form.cleaned_data["reason"])
    except RosterError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The registration of %(name)s has been declined.") % {"name": member})
    return redirect("members:registration_list")
