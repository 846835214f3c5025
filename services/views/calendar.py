"""The deployment's working-day calendar (/work/calendar/), kept by the deployment admin."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import deployment_admin_required
from portal.models import AuditLog
from portal.versioning import EditConflict, saved_fields

from .. import calendar_table, workdays
from ..calendar_forms import CalendarPeriodForm, CalendarYearForm, year_in_reach
from ..models import CalendarPeriod, CalendarYear, today

HISTORY_ROWS = 20


def _year_rows(calendar: workdays.Calendar, years: range) -> list[dict]:
    entries = {entry.year: entry for entry in CalendarYear.objects.filter(year__in=years)}
    rows = []
    for year in years:
        entry = entries.get(year)
        if entry is not None and entry.confirmed:
            state = "entered"
        elif workdays.library_knows(year):
            state = "library"
        else:
            state = "unknown"
        rows.append({"year": year, "state": state, "entered": state == "entered", "from_library": state == "library"})
        rows[-1]["entry"] = entry
    return rows


def _history() -> list[AuditLog]:
    kinds = ContentType.objects.get_for_models(CalendarPeriod, CalendarYear).values()
    return list(
        AuditLog.objects.filter(content_type__in=kinds).select_related("actor").order_by("-created_at")[:HISTORY_ROWS]
    )


def _chosen_year(request, calendar: workdays.Calendar) -> int:
    on = today()
    raw = request.GET.get("year", "")
    if raw.isdigit() and len(raw) == 4 and year_in_reach(int(raw)):
        return int(raw)
    ahead = calendar.unknown_years_ahead(on)
    return ahead[0] if ahead else on.year


@deployment_admin_required
@require_http_methods(["GET", "POST"])
def calendar_page(request):
    calendar = workdays.current()
    year = _chosen_year(request, calendar)
    form = CalendarPeriodForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        period = calendar_table.enter_period(
            request.user, first=data["first"], last=data["last"], is_workday=data["is_workday"], name=data["name"]
        )
        messages.success(
            request, _("“%(period)s” has been entered; open deadlines were recounted.") % {"period": period}
        )
        return redirect(f"{reverse('work_calendar')}?year={period.first.year}")
    entry = CalendarYear.objects.filter(year=year).first() or CalendarYear(year=year)
    on = today()
    context = {
        "year": year,
        "years": _year_rows(calendar, range(on.year - 1, on.year + 2)),
        "periods": CalendarPeriod.objects.filter(first__year=year).order_by("first", "id"),
        "form": form,
        "year_form": CalendarYearForm(instance=entry),
        "year_entry": entry,
        "library_knows": workdays.library_knows(year),
        "history": _history(),
    }
    return render(request, "services/calendar.html", context, status=200 if request.method == "GET" else 400)


@deployment_admin_required
@require_http_methods(["GET", "POST"])
def period_edit(request, pk: int):
    period = get_object_or_404(CalendarPeriod, pk=pk)
    back = f"{reverse('work_calendar')}?year={period.first.year}"
    form = CalendarPeriodForm(request.POST or None, instance=period)
    context = {"form": form, "period": period, "back": back}
    if form.is_valid():
        try:
            calendar_table.change_period(period, request.user, form.cleaned_data.get("version"), **form.changes())
        except EditConflict as conflict:
            form.show_conflict(conflict)
            saved = CalendarPeriod.objects.get(pk=pk)
            context["saved_fields"] = saved_fields(saved, ["first", "last", "name"])
            return render(request, "services/calendar_period.html", context, status=409)
        messages.success(request, _("The period has been saved; open deadlines were recounted."))
        return redirect(back)
    return render(request, "services/calendar_period.html", context)


@deployment_admin_required
@require_POST
def period_delete(request, pk: int):
    period = get_object_or_404(CalendarPeriod, pk=pk)
    year = period.first.year
    calendar_table.remove_period(period, request.user)
    messages.success(request, _("The period has been removed; open deadlines were recounted."))
    return redirect(f"{reverse('work_calendar')}?year={year}")


@deployment_admin_required
@require_POST
def year_save(request, year: int):
    if not year_in_reach(year):
        raise Http404
    entry = CalendarYear.objects.filter(year=year).first() or CalendarYear(year=year)
    form = CalendarYearForm(request.POST, instance=entry)
    back = f"{reverse('work_calendar')}?year={year}"
    if not form.is_valid():
        messages.error(request, _("The year was not saved: %(e)s") % {"e": form.errors.as_text()})
        return redirect(back)
    data = form.cleaned_data
    try:
        calendar_table.save_year(
            request.user,
            year=year,
            notice=data["notice"],
            confirmed=data["confirmed"],
            expected_version=data.get("version"),
        )
    except EditConflict:
        messages.error(request, _("Someone else saved this year meanwhile; check it and save again."))
        return redirect(back)
    messages.success(request, _("The year %(year)s has been saved; open deadlines were recounted.") % {"year": year})
    return redirect(back)
