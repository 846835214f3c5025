"""Staff's export of a period: the community's requests filed between two days, without personal details."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal import audit
from portal.access import for_community, staff_required

from ..export import period_workbook, send_or_queue
from ..forms import PeriodExportForm
from ..models import ServiceRequest, today


@staff_required
@require_GET
def period_export(request):
    """The form (this month by default); with a valid period, the workbook, or a link later for a long one."""
    user = request.user
    if "since" not in request.GET:
        form = PeriodExportForm(initial={"since": today().replace(day=1), "until": today()})
        return render(request, "services/period_export.html", {"form": form})
    form = PeriodExportForm(request.GET)
    if not form.is_valid():
        return render(request, "services/period_export.html", {"form": form}, status=400)
    since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    audit.record_action(user.community, "period exported", {"period": [str(since), str(until)]})
    return send_or_queue(request, period_export_workbook, "period", _period(user, since, until).count())


def _period(user, since, until):
    return for_community(ServiceRequest.objects.filed_between(since, until), user)


def period_export_workbook(user, query) -> tuple[bytes, str] | None:
    """(the .xlsx, its file name) for the form's fields, or None if they are not valid."""
    form = PeriodExportForm(query)
    if not form.is_valid():
        return None
    since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    requests = _period(user, since, until).order_by("created_at", "id").select_related("item")
    title = _("%(community)s: requests filed %(since)s to %(until)s") % {
        "community": user.community.name,
        "since": since.isoformat(),
        "until": until.isoformat(),
    }
    return period_workbook(requests, title), f"period-{since:%Y%m%d}-{until:%Y%m%d}.xlsx"
