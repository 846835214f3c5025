"""Notices (公开信息): public list, detail and files; staff writing; admin review."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.access import admin_required, get_in_community, public_community, staff_required
from portal.forms import show_form_errors
from portal.links import link_for_each
from portal.markdown import render_markdown
from portal.pagecache import public_page
from portal.uploads import attachment_response
from portal.versioning import EditConflict, saved_fields

from .access import get_managed_notice, get_public_notice, get_readable_notice, managed_notices, public_notices
from .feeds import FEED_SIZE
from .forms import NoticeForm, PublishForm, ReturnForm, WithdrawForm
from .models import Notice, NoticeAttachment, NoticeError

PAGE_SIZE = 15


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


LIST_FIELDS = [
    "pk", "community_id", "category", "title", "summary", "pinned", "publish_at", "cover_thumbnail",
    "publicity_from", "publicity_to", "view_count", "state",
]  # fmt: skip


def notice_rows(notices, *, manage: bool = False) -> list[dict]:
    """What each row of a notice list (notices/_rows.html) shows, worked out once here rather than by url
    tags, date filters and translations per row. `manage` links the rows to their editing page."""
    link = link_for_each("notices:manage" if manage else "notices:detail")
    rows = []
    for notice in notices:
        at = notice.publish_at and timezone.localtime(notice.publish_at)
        n = notice.n_attachments
        rows.append(
            {
                "notice": notice,
                "thumb": reverse("notices:cover", args=[notice.pk, "thumb"]) if notice.cover_thumbnail else "",
                "url": link(notice.pk),
                "title": notice.title,
                "pinned": notice.pinned,
                "summary": Truncator(notice.summary).chars(90) if notice.summary else "",
                "category": notice.get_category_display(),
                "iso": at and at.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "day": at and at.strftime("%Y-%m-%d"),
                "in_publicity": notice.in_publicity,
                "attachments": ngettext("%(n)s attachment", "%(n)s attachments", n) % {"n": n} if n else "",
            }
        )
    return rows


def _list_fields(queryset, *extra: str):
    """Only what list rows show (never the body), with the attachment count in the same query.

    A correlated subquery rather than JOIN + GROUP BY: PostgreSQL evaluates it for the rows of
    the page only, after the ordered index scan and LIMIT, so the list stays fast at 100,000 rows.
    """
    attachments = NoticeAttachment.objects.filter(notice=OuterRef("pk")).order_by()
    count = attachments.values("notice").annotate(n=Count("pk")).values("n")
    return queryset.only(*LIST_FIELDS, *extra).annotate(
        n_attachments=Coalesce(Subquery(count, output_field=IntegerField()), 0)
    )


# --- public pages ---


@public_page
@require_GET
def notice_subscribe(request):
    """What subscribing means, with the feed's address to copy: the RSS link opened raw XML on a phone."""
    category = request.GET.get("category", "")
    if category not in Notice.Category.values:
        category = ""
    feed = reverse("notices:category_feed", args=[category]) if category else reverse("notices:feed")
    context = {
        "category_label": Notice.Category(category).label if category else "",
        "feed_url": request.build_absolute_uri(feed),
        "categories": [
            (label, request.build_absolute_uri(reverse("notices:category_feed", args=[value])))
            for value, label in Notice.Category.choices
        ],
        "size": FEED_SIZE,
    }
    return render(request, "notices/subscribe.html", context)


@public_page
@require_GET
def notice_list(request):
    category = request.GET.get("category", "")
    q = request.GET.get("q", "").strip()[:50]
    notices = public_notices(request)
    if category in Notice.Category.values:
        notices = notices.filter(category=category)
    else:
        category = ""
    listed = _list_fields(notices.search(q)).in_search_order() if q else _list_fields(notices).in_order()
    page = _page(request, listed)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": notice_rows(page),
        "q": q,
        "category": category,
        "categories": Notice.Category.choices,
        "query": query.urlencode(),
    }
    return render(request, "notices/list.html", context)


@require_GET
def notice_detail(request, pk: int):
    notice = get_public_notice(request, pk)
    notice.count_view()
    attachments = NoticeAttachment.objects.filter(notice=notice)
    context = {"notice": notice, "attachments": attachments, "objection_url": _objection_url(notice)}
    return render(request, "notices/detail.html", context)


def _objection_url(notice) -> str:
    """Objections during a publicity period go through the service desk, when that app offers its form."""
    try:
        return f"{reverse('services:apply')}?notice={notice.pk}"
    except NoReverseMatch:
        return ""


@require_GET
def notice_attachment(request, pk: int, attachment_pk: int):
    notice = get_readable_notice(request, pk)
    try:
        attachment = notice.attachments.get(pk=attachment_pk)
    except NoticeAttachment.DoesNotExist as exc:
        raise Http404 from exc
    return attachment_response(attachment.file, attachment.name)


@require_GET
def notice_cover(request, pk: int, size: str):
    notice = get_readable_notice(request, pk)
    image = notice.cover_thumbnail if size == "thumb" else notice.cover
    if not image:
        raise Http404
    ext = image.name.rsplit(".", 1)[-1].lower()
    return attachment_response(image, f"notice-{notice.pk}-{size}.{ext}", inline=True)


# --- staff: writing ---


def _state_filter(request, queryset, default: str = ""):
    state = request.GET.get("state", default)
    if state == "returned":
        return queryset.filter(state=Notice.State.DRAFT, returned_at__isnull=False), state
    if state in Notice.State.values:
        return queryset.filter(state=state), state
    return queryset, ""


def _managed_list(request, queryset, template: str, default_state: str = ""):
    notices, state = _state_filter(request, queryset, default_state)
    extra = ("author", "author__real_name", "submitted_at", "returned_at", "review_comment", "updated_at")
    notices = _list_fields(notices.select_related("author"), *extra)
    page = _page(request, notices.order_by("-updated_at", "-pk"))
    states = [*Notice.State.choices, ("returned", _("Returned for changes"))]
    context = {"page": page, "rows": notice_rows(page, manage=True), "state": state, "states": states}
    return render(request, template, {**context, "query": f"state={state}"})


@staff_required
@require_GET
def notice_mine(request):
    return _managed_list(request, managed_notices(request.user).filter(author=request.user), "notices/mine.html")


@admin_required
@require_GET
def notice_review(request):
    return _managed_list(
        request, managed_notices(request.user), "notices/review.html", default_state=Notice.State.SUBMITTED
    )


def _preview_url() -> str:
    return reverse("notices:preview")


@staff_required
@require_http_methods(["GET", "POST"])
def notice_create(request):
    form = NoticeForm(request.POST or None, request.FILES or None, preview_url=_preview_url())
    if form.is_valid():
        notice = form.save(community=request.user.community, author=request.user)
        messages.success(request, _("The draft has been saved."))
        return redirect(notice.manage_url)
    return render(request, "notices/edit.html", {"form": form, "notice": None})


@staff_required
@require_http_methods(["GET", "POST"])
def notice_edit(request, pk: int):
    notice = get_managed_notice(request.user, pk)
    try:
        notice.ensure_editable(request.user)
    except NoticeError as exc:
        messages.error(request, str(exc))
        return redirect(notice.manage_url)
    form = NoticeForm(request.POST or None, request.FILES or None, instance=notice, preview_url=_preview_url())
    saved = None
    if form.is_valid():
        try:
            form.save()
        except NoticeError as exc:
            messages.error(request, str(exc))
            return redirect(notice.manage_url)
        except EditConflict as conflict:
            form.show_conflict(conflict)
            saved = Notice.objects.get(pk=pk)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(notice.manage_url)
    context = {"form": form, "notice": notice, "attachments": notice.attachments.all(), "saved": saved}
    if saved:
        context["saved_fields"] = saved_fields(saved, ["title", "summary", "body"])
    return render(request, "notices/edit.html", context, status=409 if saved else 200)


@staff_required
@require_POST
def notice_preview(request):
    """The htmx live preview: the body rendered exactly as the public page will show it."""
    return render(request, "notices/preview.html", {"html": render_markdown(request.POST.get("body", ""))})


@staff_required
@require_GET
def notice_manage(request, pk: int):
    qs = managed_notices(request.user).select_related("author", "reviewed_by")
    qs = qs.prefetch_related(Prefetch("attachments", queryset=NoticeAttachment.objects.order_by("created_at", "pk")))
    notice = get_in_community(qs, request.user, pk=pk)
    context = {
        "notice": notice,
        "next_steps": notice.next_steps(request.user),
        "attachments": notice.attachments.all(),
        "publish_form": PublishForm(initial={"publish_at": notice.publish_at}),
        "return_form": ReturnForm(),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "notices/manage.html", context)


@staff_required
@require_POST
def notice_attachment_delete(request, pk: int, attachment_pk: int):
    notice = get_managed_notice(request.user, pk)
    try:
        notice.ensure_editable(request.user)
        attachment = notice.attachments.get(pk=attachment_pk)
    except NoticeError as exc:
        messages.error(request, str(exc))
    except NoticeAttachment.DoesNotExist as exc:
        raise Http404 from exc
    else:
        attachment.file.delete(save=False)
        attachment.delete()
        messages.success(request, _("The attachment has been removed."))
    return redirect("notices:edit", pk=notice.pk)


# --- workflow moves: fetch, call one method, report, redirect ---


def _move(request, pk: int, move, success: str):
    notice = get_managed_notice(request.user, pk)
    try:
        move(notice)
    except NoticeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(notice.manage_url)


def _refuse(request, pk: int, form):
    """A review form that did not validate: say why on the notice's page."""
    notice = get_managed_notice(request.user, pk)
    show_form_errors(request, form)
    return redirect(notice.manage_url)


@staff_required
@require_POST
def notice_submit(request, pk: int):
    return _move(request, pk, lambda n: n.submit(by=request.user), _("The notice has been sent for review."))


@admin_required
@require_POST
def notice_publish(request, pk: int):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The publication time is not valid."))
        return redirect(get_managed_notice(request.user, pk).manage_url)
    at = form.cleaned_data["publish_at"]
    return _move(request, pk, lambda n: n.publish(by=request.user, at=at), _("The notice has been published."))


@admin_required
@require_POST
def notice_return(request, pk: int):
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _refuse(request, pk, form)
    comment = form.cleaned_data["comment"]
    return _move(
        request, pk, lambda n: n.return_for_changes(by=request.user, comment=comment), _("The notice was returned.")
    )


@admin_required
@require_POST
def notice_withdraw(request, pk: int):
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _refuse(request, pk, form)
    reason = form.cleaned_data["reason"]
    return _move(request, pk, lambda n: n.withdraw(by=request.user, reason=reason), _("The notice was withdrawn."))


def home_notices(request) -> dict:
    """Pinned and latest notices for the home page (two queries); empty when there are none."""
    if public_community(request) is None:
        return {}
    visible = _list_fields(public_notices(request))
    pinned = list(visible.filter(pinned=True).in_order()[:3])
    latest = list(visible.filter(pinned=False).in_order()[:6])
    if not (pinned or latest):
        return {}
    return {"pinned_notices": pinned, "latest_notices": latest, "rows": notice_rows([*pinned, *latest])}
