"""Admin pages inside the portal: accounts and roles, the audit log."""

from datetime import datetime, time
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import recovery
from ..access import (
    admin_required,
    for_community,
    get_in_community,
    is_admin,
    is_staff_member,
    staff_required,
    users_visible_to,
)
from ..audit_display import readable
from ..forms import AuditFilterForm, UserRolesForm
from ..models import AuditLog, OutboxMessage, ResetSlip
from ..versioning import save_checked

PAGE_SIZE = 30


@staff_required
@require_GET
def user_list(request):
    users = users_visible_to(request.user).prefetch_related("groups")
    q = request.GET.get("q", "").replace("\x00", "").strip()[:50]  # PostgreSQL text cannot hold NUL
    if q:
        users = users.filter(Q(real_name__icontains=q) | Q(phone__endswith=q))
    unverified = request.GET.get("unverified") == "1"
    if unverified:
        users = users.filter(phone_verified_at__isnull=True)
    page = Paginator(users.order_by("real_name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"q": q, **({"unverified": "1"} if unverified else {})})
    context = {"page": page, "q": q, "unverified": unverified, "query": query}
    return render(request, "portal/user_list.html", context)


def _desk_account(request, pk: int):
    """The account being recovered; staff and admin accounts only by an admin (a desk clerk cannot take one over)."""
    account = get_in_community(users_visible_to(request.user), request.user, pk=pk)
    privileged = is_staff_member(account) or account.is_staff or account.is_superuser
    if privileged and not is_admin(request.user):
        raise PermissionDenied
    return account


@staff_required
@require_GET
def user_desk(request, pk: int):
    """In-person recovery at the desk: after checking the person's ID, verify the number or print a slip."""
    account = _desk_account(request, pk)
    slips = ResetSlip.objects.filter(user=account).select_related("issued_by").order_by("-created_at")[:5]
    return render(request, "portal/user_desk.html", {"account": account, "slips": slips})


@staff_required
@require_POST
def user_desk_verify(request, pk: int):
    account = _desk_account(request, pk)
    recovery.confirm_phone(account, by=request.user)
    messages.success(request, _("The mobile number of %(name)s is marked verified.") % {"name": account.real_name})
    return redirect("user_desk", pk=account.pk)


@staff_required
@require_POST
def user_desk_slip(request, pk: int):
    account = _desk_account(request, pk)
    if not account.is_active:
        messages.error(request, _("This account is disabled; an admin must enable it first."))
        return redirect("user_desk", pk=account.pk)
    slip, code = recovery.issue_slip(account, by=request.user)
    url = request.build_absolute_uri(reverse("password_slip"))
    return render(request, "portal/reset_slip.html", {"account": account, "slip": slip, "code": code, "url": url})


@admin_required
@require_GET
def outbox_list(request):
    """Outgoing e-mail and SMS of the community that wait or failed, with the reason."""
    rows = for_community(OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT), request.user)
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/outbox.html", {"page": page})


@admin_required
@require_http_methods(["GET", "POST"])
def user_edit(request, pk: int):
    account = get_in_community(users_visible_to(request.user), request.user, pk=pk)
    form = UserRolesForm(request.POST or None, user=account, acting=request.user)
    if form.is_valid() and save_checked(form) is not None:
        messages.success(request, _("The account of %(name)s has been updated.") % {"name": account.real_name})
        return redirect("user_list")
    status = 409 if form.saved_version else 200
    return render(request, "portal/user_edit.html", {"account": account, "form": form}, status=status)


def _day_bounds(day, end: bool) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@admin_required
@require_GET
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = for_community(AuditLog.objects.select_related("actor", "content_type"), request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            entries = entries.filter(Q(object_repr__icontains=data["q"]) | Q(actor__real_name__icontains=data["q"]))
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(created_at__gte=_day_bounds(data["date_from"], end=False))
        if data["date_to"]:
            entries = entries.filter(created_at__lte=_day_bounds(data["date_to"], end=True))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    readable(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
