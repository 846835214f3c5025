"""Staff pages for co-building: agreements and commitments, activities and hours, posts, shared resources."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access import staff_required
from portal.params import year_param
from portal.uploads import attachment_response

from ..access import get_for_user, in_community
from ..filters import ActivityFilter, AgreementFilter
from ..forms import ActivityForm, AgreementForm, CommitmentForm, ParticipationForm, PhotoForm, PostForm, ResourceForm
from ..models import Activity, ActivityPhoto, Agreement, Commitment, Participation, Post, SharedResource
from ..reports import agreements_with_delivery, lines
from .common import form_page, paginate, query_without_page

# --- agreements ----------------------------------------------------------------------------------------------


@staff_required
@require_GET
def agreement_list(request):
    agreements = in_community(Agreement.objects.select_related("unit"), request.user)
    agreements = agreements.annotate(n_commitments=Count("commitments")).order_by("-term_start", "unit__name", "pk")
    filterset = AgreementFilter(request.GET or None, queryset=agreements, request=request)
    page = paginate(request, filterset.qs)
    context = {"filter": filterset, "page": page, "query": query_without_page(request)}
    return render(request, "members/agreement_list.html", context)


@staff_required
@require_GET
def agreement_detail(request, pk: int):
    agreement = get_for_user(Agreement.objects.all(), request.user, pk)
    year = year_param(request)
    agreement = agreements_with_delivery(Agreement.objects.filter(pk=agreement.pk), year).get()
    context = {"agreement": agreement, "year": year, "lines": lines(agreement)}
    return render(request, "members/agreement_detail.html", context)


@staff_required
@require_GET
def agreement_report(request):
    """Every agreement: what its unit promised for the year and what was delivered."""
    year = year_param(request)
    agreements = in_community(Agreement.objects.all(), request.user).filter(
        Q(term_start__year__lte=year), Q(term_end__isnull=True) | Q(term_end__year__gte=year)
    )
    rows = [(agreement, lines(agreement)) for agreement in agreements_with_delivery(agreements, year)]
    return render(request, "members/agreement_report.html", {"rows": rows, "year": year})


@staff_required
@require_http_methods(["GET", "POST"])
def agreement_create(request):
    form = AgreementForm(request.POST or None, community=request.user.community)
    back = reverse("members:agreement_list")
    saved = _("The agreement has been saved.")
    return form_page(request, form, title=_("New co-building agreement"), back=back, saved=saved)


@staff_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk: int):
    agreement = get_for_user(Agreement.objects.all(), request.user, pk)
    form = AgreementForm(request.POST or None, instance=agreement, community=request.user.community)
    title = _("Edit %(name)s") % {"name": agreement.title}
    saved = _("The agreement has been saved.")
    return form_page(request, form, title=title, back=agreement.get_absolute_url(), saved=saved)


@staff_required
@require_http_methods(["GET", "POST"])
def commitment_create(request, pk: int):
    agreement = get_for_user(Agreement.objects.all(), request.user, pk)
    form = CommitmentForm(request.POST or None, community=request.user.community)
    form.instance.agreement = agreement
    title = _("New commitment of %(name)s") % {"name": agreement.title}
    saved = _("The commitment has been saved.")
    back = agreement.get_absolute_url()
    return form_page(request, form, title=title, back=back, saved=saved, next_url=lambda c: back)


@staff_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request, pk: int):
    commitment = get_for_user(Commitment.objects.select_related("agreement"), request.user, pk)
    form = CommitmentForm(request.POST or None, instance=commitment, community=request.user.community)
    back = commitment.agreement.get_absolute_url()
    saved = _("The commitment has been saved.")
    return form_page(request, form, title=_("Edit commitment"), back=back, saved=saved, next_url=lambda c: back)


# --- activities ----------------------------------------------------------------------------------------------


@staff_required
@require_GET
def activity_list(request):
    activities = in_community(
        Activity.objects.select_related("organizer", "commitment__agreement__unit"), request.user
    ).annotate(n_people=Count("participations"), n_hours=Sum("participations__hours"))
    activities = activities.order_by("-date", "-pk")
    filterset = ActivityFilter(request.GET or None, queryset=activities, request=request)
    page = paginate(request, filterset.qs)
    context = {"filter": filterset, "page": page, "query": query_without_page(request)}
    return render(request, "members/activity_list.html", context)


def _activity_page(request, activity, participation_form=None, photo_form=None):
    participations = activity.participations.select_related("member__home_unit").order_by("member__name")
    context = {
        "activity": activity,
        "participations": participations,
        "total": sum((p.hours for p in participations), 0),
        "photos": activity.photos.all(),
        "participation_form": participation_form
        or ParticipationForm(community=request.user.community, activity=activity),
        "photo_form": photo_form or PhotoForm(),
    }
    return render(request, "members/activity_detail.html", context)


def _get_activity(request, pk: int) -> Activity:
    related = Activity.objects.select_related("organizer", "commitment__agreement__unit")
    return get_for_user(related, request.user, pk)


@staff_required
@require_GET
def activity_detail(request, pk: int):
    return _activity_page(request, _get_activity(request, pk))


@staff_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    form = ActivityForm(request.POST or None, community=request.user.community)
    back = reverse("members:activity_list")
    saved = _("The activity has been saved. Now record who took part.")
    return form_page(request, form, title=_("New activity"), back=back, saved=saved)


@staff_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int):
    activity = _get_activity(request, pk)
    form = ActivityForm(request.POST or None, instance=activity, community=request.user.community)
    title = _("Edit %(name)s") % {"name": activity.title}
    saved = _("The activity has been saved.")
    return form_page(request, form, title=title, back=activity.get_absolute_url(), saved=saved)


@staff_required
@require_POST
def participation_add(request, pk: int):
    activity = _get_activity(request, pk)
    form = ParticipationForm(request.POST, community=request.user.community, activity=activity)
    if not form.is_valid():
        return _activity_page(request, activity, participation_form=form)
    try:
        with transaction.atomic():
            participation = form.save()
    except IntegrityError:  # the same member added twice at the same moment
        messages.error(request, _("This member is already recorded for the activity."))
    else:
        hours = {"name": participation.member.name, "hours": participation.hours}
        messages.success(request, _("%(name)s: %(hours)s hours recorded.") % hours)
    return redirect(activity.get_absolute_url())


@staff_required
@require_POST
def participation_remove(request, pk: int):
    participation = get_for_user(Participation.objects.select_related("activity"), request.user, pk)
    participation.delete()
    messages.success(request, _("The participation has been removed."))
    return redirect(participation.activity.get_absolute_url())


@staff_required
@require_POST
def photo_add(request, pk: int):
    activity = _get_activity(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _activity_page(request, activity, photo_form=form)
    clean = form.cleaned_data["image"]
    photo = ActivityPhoto(community=activity.community, activity=activity, caption=form.cleaned_data["caption"])
    clean.store(photo.image, photo.thumbnail)
    photo.save()
    messages.success(request, _("The photo has been added."))
    return redirect(activity.get_absolute_url())


@staff_required
@require_GET
def photo_file(request, pk: int, size: str):
    """Serve an activity photo to staff (stored images were re-encoded on upload, so inline is safe)."""
    photo = get_for_user(ActivityPhoto.objects.all(), request.user, pk)
    fieldfile = photo.thumbnail if size == "thumb" else photo.image
    ext = fieldfile.name.rsplit(".", 1)[-1].lower()
    return attachment_response(fieldfile, f"activity-{photo.activity_id}-{photo.pk}.{ext}", inline=True)


# --- posts and shared resources ------------------------------------------------------------------------------


@staff_required
@require_GET
def post_list(request):
    posts = in_community(Post.objects.select_related("holder"), request.user).annotate(n_volunteers=Count("volunteers"))
    page = paginate(request, posts.order_by("name"))
    return render(request, "members/post_list.html", {"page": page})


@staff_required
@require_http_methods(["GET", "POST"])
def post_create(request):
    form = PostForm(request.POST or None, community=request.user.community)
    back = reverse("members:post_list")
    saved = _("The post has been saved.")
    return form_page(request, form, title=_("New post"), back=back, saved=saved, next_url=lambda p: back)


@staff_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = get_for_user(Post.objects.all(), request.user, pk)
    form = PostForm(request.POST or None, instance=post, community=request.user.community)
    back = reverse("members:post_list")
    title = _("Edit %(name)s") % {"name": post.name}
    return form_page(
        request, form, title=title, back=back, saved=_("The post has been saved."), next_url=lambda p: back
    )


@staff_required
@require_GET
def resource_list(request):
    resources = in_community(SharedResource.objects.select_related("unit"), request.user)
    page = paginate(request, resources.order_by("unit__name", "name"))
    return render(request, "members/resource_list.html", {"page": page})


@staff_required
@require_http_methods(["GET", "POST"])
def resource_create(request):
    form = ResourceForm(request.POST or None, community=request.user.community)
    back = reverse("members:resource_list")
    saved = _("The shared resource has been saved.")
    return form_page(request, form, title=_("New shared resource"), back=back, saved=saved, next_url=lambda r: back)


@staff_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, pk: int):
    resource = get_for_user(SharedResource.objects.all(), request.user, pk)
    form = ResourceForm(request.POST or None, instance=resource, community=request.user.community)
    back = reverse("members:resource_list")
    title = _("Edit %(name)s") % {"name": resource.name}
    saved = _("The shared resource has been saved.")
    return form_page(request, form, title=title, back=back, saved=saved, next_url=lambda r: back)
