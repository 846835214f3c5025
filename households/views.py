"""Staff pages of the door-to-door app (households, grids, campaigns, coverage, care) and the visitor's overview."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Length
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.views.common import form_page, paginate, query_without_page
from portal import audit
from portal.access import (
    admin_required,
    for_community,
    get_in_community,
    is_admin,
    is_staff_member,
    staff_required,
)
from portal.links import link_for_each

from . import care, coverage, desk, excel, publicity
from .access import assigned_targets, campaign_for_staff, household_for_staff, paired_households, require_visitor
from .forms import (
    AssignForm,
    BuildingAssignForm,
    CampaignForm,
    GridAssignForm,
    GridForm,
    HouseholdRequestForm,
    ImportForm,
    PairingForm,
    QuestionFormSet,
)
from .models import (
    Building,
    Campaign,
    CarePairing,
    Grid,
    Household,
    HouseholdError,
    HouseholdTag,
    Member,
    Tag,
    Target,
    Visit,
)

PAGE_SIZE = 50


@login_required
@require_GET
def index(request):
    """Staff: the community's households and campaigns. A service-team member: what they are to visit."""
    require_visitor(request.user)
    mine = (
        assigned_targets(request.user)
        .values("campaign", "campaign__title", "campaign__ends_on", "campaign__max_tries")
        .annotate(total=Count("id"), left=Count("id", filter=Target.open_q(F("campaign__max_tries"))))
        .order_by("campaign__ends_on")
    )
    context = {
        "mine": mine,
        "pairings": care.with_due(paired_households(request.user).select_related("household__building")),
        "is_staff": is_staff_member(request.user),
    }
    if context["is_staff"]:
        community_rows = for_community(Household.objects.all(), request.user)
        context |= {
            "households": community_rows.count(),
            "buildings": for_community(Building.objects.all(), request.user).count(),
            "grids": for_community(Grid.objects.all(), request.user).count(),
            "campaigns": for_community(Campaign.objects.all(), request.user).annotate(n=Count("targets"))[:10],
        }
    return render(request, "households/index.html", context)


# --- households ---


@staff_required
@require_GET
def household_list(request):
    households = for_community(Household.objects.all(), request.user).select_related("building")
    building = request.GET.get("building", "")
    tag = request.GET.get("tag", "")
    if building.isdigit():
        households = households.filter(building_id=int(building))
    if tag in Tag.values:
        households = households.filter(tags__tag=tag)
    # PostgreSQL refuses NUL in a string: a hostile query string must not become a 500.
    if q := request.GET.get("q", "").replace("\x00", "").strip()[:50]:
        named = Member.objects.filter(community_id=request.user.community_id, name__contains=q).values("household_id")
        households = households.filter(Q(name__contains=q) | Q(pk__in=named))
    households = households.prefetch_related("tags").annotate(n_members=Count("members", distinct=True))
    context = {
        "page": paginate(
            request,
            households.order_by("building__estate", "building__name", "entrance", Length("door"), "door"),
            PAGE_SIZE,
        ),
        "query": query_without_page(request),
        "buildings": for_community(Building.objects.all(), request.user),
        "tags": Tag.choices,
        "chosen": {"building": building, "tag": tag, "q": q},
    }
    return render(request, "households/household_list.html", context)


@staff_required
@require_GET
def household_detail(request, pk: int):
    household = household_for_staff(request.user, pk)
    context = {
        "household": household,
        "members": household.members.select_related("user"),
        "tags": household.tags.all(),
        "pairing": CarePairing.objects.filter(household=household).select_related("member").first(),
        "visits": household.visits.select_related("visitor", "campaign")[:20],
        "requests": household.desk_requests.select_related("request").order_by("-request__created_at"),
    }
    return render(request, "households/household_detail.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def household_request(request, pk: int):
    household = household_for_staff(request.user, pk)
    form = HouseholdRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        req = desk.file_for_household(household, by=request.user, **form.cleaned_data)
        messages.success(request, _("Request %(ref)s filed; it goes to the grid worker.") % {"ref": req.reference})
        return redirect(req.get_absolute_url())
    worker = household.building.grid.worker if household.building.grid_id else None
    context = {"form": form, "household": household, "worker": worker}
    return render(request, "households/household_request.html", context)


# --- grids ---


@staff_required
@require_http_methods(["GET", "POST"])
def grid_list(request):
    form = GridForm(request.POST or None, community=request.user.community)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Grid added."))
        return redirect("households:grids")
    grids = for_community(Grid.objects.all(), request.user).select_related("worker")
    grids = grids.annotate(n_buildings=Count("buildings", distinct=True), n_households=Count("buildings__households"))
    return render(request, "households/grid_list.html", {"grids": grids, "form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def grid_edit(request, pk: int):
    grid = get_in_community(Grid.objects.all(), request.user, pk=pk)
    form = GridForm(request.POST or None, instance=grid, community=request.user.community)
    return form_page(
        request,
        form,
        title=_("Grid %(name)s") % {"name": grid.name},
        back="/households/grids/",
        saved=_("Grid saved."),
        next_url=lambda obj: "/households/grids/",
    )


# --- campaigns ---


@staff_required
@require_GET
def campaign_list(request):
    campaigns = for_community(Campaign.objects.all(), request.user).annotate(
        n=Count("targets"), visited=Count("targets", filter=Q(targets__status=Target.Status.VISITED))
    )
    campaigns = campaigns.order_by("-starts_on", "-id")
    return render(request, "households/campaign_list.html", {"page": paginate(request, campaigns, 25)})


def _campaign_form(request, campaign: Campaign | None):
    form = CampaignForm(request.POST or None, instance=campaign, community=request.user.community)
    questions = QuestionFormSet(request.POST or None, instance=campaign or Campaign(), prefix="q")
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        with transaction.atomic():
            if campaign is None:
                form.instance.created_by = request.user
            saved = form.save()
            questions.instance = saved
            for order, question in enumerate(questions.save(commit=False)):
                question.order = question.order or order + 1
                question.save()
        messages.success(request, _("Campaign saved."))
        return redirect(saved.get_absolute_url())
    return render(
        request, "households/campaign_form.html", {"form": form, "questions": questions, "campaign": campaign}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def campaign_new(request):
    return _campaign_form(request, None)


@staff_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = campaign_for_staff(request.user, pk)
    if campaign.status != Campaign.Status.DRAFT:
        messages.error(request, _("A campaign under way keeps its scope and questions."))
        return redirect(campaign.get_absolute_url())
    return _campaign_form(request, campaign)


CONCERNS_SHOWN = 50
UNSETTLED_SHOWN = 30


@staff_required
@require_GET
def campaign_detail(request, pk: int):
    campaign = campaign_for_staff(request.user, pk)
    questions = list(campaign.questions.order_by("order", "id"))  # not Meta's ordering, which joins the campaign
    context = {"campaign": campaign, "questions": questions, "is_admin": is_admin(request.user)}
    if not campaign.is_draft:
        figures = coverage.of(campaign)
        building_url = link_for_each("households:campaign_building", campaign.pk)
        for row in figures.buildings:
            row["url"] = building_url(row["building"])
        concerns = coverage.latest_concerns(campaign, CONCERNS_SHOWN)
        request_url = link_for_each("households:visit_request")
        for visit in concerns:
            visit["request_url"] = request_url(visit["id"])
        context |= {
            "totals": figures.totals,
            "buildings": figures.buildings,
            "visitors": figures.visitors,
            "tallies": coverage.opinions(campaign, questions),
            "concerns": concerns,
        }
        if campaign.is_open:
            unsettled = coverage.first_unsettled(campaign, figures.buildings, UNSETTLED_SHOWN)
            mark_url = link_for_each("households:target_mark", campaign.pk)
            for target in unsettled:
                target["mark_url"] = mark_url(target["id"])
            context["unsettled"] = unsettled
            # A grid's households are given from here, when the campaign's buildings are in grids at all.
            if grids := {row["grid"] for row in figures.buildings} - {None}:
                community = request.user.community
                context["assign_form"] = GridAssignForm(community=community, campaign=campaign, grids=grids)
    return render(request, "households/campaign_detail.html", context)


def _campaign_step(request, pk: int, step) -> HttpResponse:
    campaign = campaign_for_staff(request.user, pk)
    try:
        message = step(campaign)
    except HouseholdError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect(campaign.get_absolute_url())


@staff_required
@require_POST
def campaign_open(request, pk: int):
    def start(campaign):
        n = campaign.open(by=request.user)
        return _("The campaign is under way with %(n)s households.") % {"n": n}

    return _campaign_step(request, pk, start)


@staff_required
@require_POST
def campaign_close(request, pk: int):
    def close(campaign):
        campaign.close(by=request.user)
        return _("The campaign is closed: every household in scope is accounted for.")

    return _campaign_step(request, pk, close)


@staff_required
@require_POST
def campaign_assign(request, pk: int):
    campaign = campaign_for_staff(request.user, pk)
    form = AssignForm(request.POST, community=request.user.community, campaign=campaign)
    if not form.is_valid():
        building = form.cleaned_data.get("building")
        if building is not None:
            # The building's page again: the errors at their fields, what was typed kept.
            bound = BuildingAssignForm(
                request.POST, community=request.user.community, campaign=campaign, building=building
            )
            return _building_page(request, campaign, building, bound)
        for error in [*form.non_field_errors(), *[e for f in form for e in f.errors]]:
            messages.error(request, error)
        return redirect(_assigned_from(campaign, form))
    data = form.cleaned_data
    targets = campaign.targets.all()
    if data["grid"]:
        targets = targets.filter(household__building__grid=data["grid"])
    else:
        targets = targets.filter(household__building=data["building"])
        if data["door_pairs"]:
            doors = Q()
            for entrance, door in data["door_pairs"]:
                doors |= Q(household__entrance=entrance, household__door=door)
            targets = targets.filter(doors)
    try:
        n = campaign.assign(request.user, data["visitor"], targets)
    except HouseholdError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(n)s households assigned to %(name)s.") % {"n": n, "name": data["visitor"]})
    return redirect(_assigned_from(campaign, form))


def _assigned_from(campaign: Campaign, form: AssignForm) -> str:
    """Back to the page the form was on: the building's (its doors), or the campaign's (a grid)."""
    building = form.cleaned_data.get("building")
    if building is None:
        return campaign.get_absolute_url()
    return reverse("households:campaign_building", args=[campaign.pk, building.pk])


@staff_required
@require_GET
def campaign_building(request, pk: int, building: int):
    campaign = campaign_for_staff(request.user, pk)
    building = get_in_community(Building.objects.all(), request.user, pk=building)
    return _building_page(request, campaign, building)


def _building_page(request, campaign: Campaign, building: Building, form: BuildingAssignForm | None = None):
    """A building's doors in the campaign and, while it is open, the form that gives them to a visitor."""
    context = {"campaign": campaign, "building": building, "entrances": coverage.building_grid(campaign, building)}
    if campaign.is_open and context["entrances"]:
        context["assign_form"] = form or BuildingAssignForm(
            community=request.user.community, campaign=campaign, building=building
        )
    return render(request, "households/campaign_building.html", context)


@staff_required
@require_POST
def target_mark(request, pk: int, target: int):
    campaign = campaign_for_staff(request.user, pk)
    row = Target.objects.filter(campaign=campaign, pk=target).first()
    if row is None:
        raise Http404
    try:
        row.mark_vacant(request.user)
    except HouseholdError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as vacant."))
    return redirect(campaign.get_absolute_url())


@admin_required
@require_POST
def campaign_publish(request, pk: int):
    campaign = campaign_for_staff(request.user, pk)
    try:
        notice = publicity.publish_summary(campaign, request.user)
    except HouseholdError as error:
        messages.error(request, str(error))
        return redirect(campaign.get_absolute_url())
    messages.success(request, _("The summary is published as a notice."))
    return redirect(notice.get_absolute_url())


# --- visits seen by staff ---


def _visit_for_staff(request, pk: int) -> Visit:
    return get_in_community(Visit.objects.select_related("household__building__grid", "campaign"), request.user, pk=pk)


@staff_required
@require_POST
def visit_request(request, pk: int):
    visit = _visit_for_staff(request, pk)
    if not visit.concerns:
        messages.error(request, _("This visit recorded no concern."))
        return redirect(visit.campaign.get_absolute_url() if visit.campaign_id else visit.household.get_absolute_url())
    req, created = desk.concern_to_request(visit, request.user)
    if created:
        messages.success(request, _("Request %(ref)s filed for the household.") % {"ref": req.reference})
    return redirect(req.get_absolute_url())


@login_required
@require_GET
def visit_photo(request, pk: int, thumb: bool = False):
    """A visit's photo: for staff of the community and the visitor who took it."""
    visit = get_in_community(Visit.objects.all(), request.user, pk=pk)
    if not (is_staff_member(request.user) or visit.visitor_id == request.user.pk):
        raise PermissionDenied
    field = visit.thumbnail if thumb else visit.photo
    if not field:
        raise Http404
    response = FileResponse(field.open("rb"), content_type="image/png" if field.name.endswith(".png") else "image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- care list and pairing ---


@staff_required
@require_GET
def care_list(request):
    households = (
        for_community(Household.objects.all(), request.user)
        .filter(pk__in=HouseholdTag.objects.filter(tag__in=care.CARE_TAGS).values("household_id"))
        .select_related("building")
        .prefetch_related(
            Prefetch("tags", queryset=HouseholdTag.objects.filter(tag__in=care.CARE_TAGS)),
            Prefetch("pairing", queryset=CarePairing.objects.select_related("member")),
        )
        .order_by("building__estate", "building__name", "entrance", "door")
    )
    page = paginate(request, households, PAGE_SIZE)
    rows = [(h, care.pairing_of(h)) for h in page]
    return render(request, "households/care_list.html", {"page": page, "rows": rows, "today": timezone.localdate()})


@staff_required
@require_http_methods(["GET", "POST"])
def care_pair(request, pk: int):
    household = household_for_staff(request.user, pk)
    pairing = CarePairing.objects.filter(household=household).first()
    form = PairingForm(request.POST or None, instance=pairing, community=request.user.community)
    if request.method == "POST" and form.is_valid():
        form.instance.household = household
        form.save()
        messages.success(request, _("Pairing saved."))
        return redirect("households:care")
    title = _("Care pairing for %(household)s") % {"household": household}
    return render(request, "members/form.html", {"form": form, "title": title, "back": "/households/care/"})


# --- Excel ---


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@staff_required
@require_GET
def households_template(request):
    return _xlsx(excel.template_workbook(), "住户导入模板.xlsx")


@staff_required
@require_GET
def households_export(request):
    day = timezone.localdate().isoformat()
    community = request.user.community
    return _xlsx(excel.export_workbook(community), f"{community.name}住户-{day}.xlsx")


@staff_required
@require_http_methods(["GET", "POST"])
def households_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = excel.import_workbook(request.user.community, form.cleaned_data["file"])
        if result.ok:
            audit.record_action(request.user.community, "households imported", {"created": [None, result.created]})
            counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            messages.success(
                request,
                _("Households imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % counts,
            )
            return redirect("households:import")
    return render(request, "households/import.html", {"form": form, "result": result})
