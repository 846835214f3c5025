"""Excel: the roster template, export and import; the yearly report sheets."""

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal import audit
from portal.access import staff_required
from portal.params import year_param

from .. import excel, sheets
from ..access import get_for_user, in_community
from ..forms import ImportForm
from ..models import Agreement, Unit
from ..ordering import unit_order


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _quoted(name: str) -> str:
    return quote(excel.sanitize_filename(name))


@staff_required
@require_GET
def roster_template(request):
    return _xlsx(excel.template_workbook(), _quoted("大党委名册模板.xlsx"))


@staff_required
@require_GET
def roster_export(request):
    day = timezone.localdate().isoformat()
    community = request.user.community
    audit.record_action(community, "roster exported")
    return _xlsx(excel.export_workbook(community), _quoted(f"{community.name}大党委名册-{day}.xlsx"))


MAX_WARNINGS = 30  # near-duplicates shown after an import; more means the file needs a look as a whole


@staff_required
@require_http_methods(["GET", "POST"])
def roster_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = excel.import_workbook(request.user.community, form.cleaned_data["file"])
        if result.ok:
            audit.record_action(
                request.user.community,
                "roster imported",
                {"created": [None, result.created], "updated": [None, result.updated]},
            )
            counts = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            messages.success(
                request,
                _("Roster imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % counts,
            )
            for warning in result.warnings[:MAX_WARNINGS]:
                messages.warning(request, str(warning))
            return redirect("members:roster_import")
    return render(request, "members/roster_import.html", {"form": form, "result": result})


@staff_required
@require_GET
def report_index(request):
    year = year_param(request)
    units = unit_order(in_community(Unit.objects.all(), request.user))
    return render(request, "members/report_index.html", {"units": units, "year": year})


@staff_required
@require_GET
def home_unit_report(request, pk: int):
    unit = get_for_user(Unit.objects.all(), request.user, pk)
    year = year_param(request)
    audit.record_action(unit, "home-unit report exported", {"year": [None, year]})
    return _xlsx(sheets.home_unit_workbook(unit, year), _quoted(f"{unit.name}-{year}年在职党员报到服务情况.xlsx"))


@staff_required
@require_GET
def agreement_report_xlsx(request):
    year = year_param(request)
    agreements = in_community(Agreement.objects.all(), request.user)
    name = f"{request.user.community.name}-{year}年共驻共建协议落实情况.xlsx"
    audit.record_action(request.user.community, "agreement report exported", {"year": [None, year]})
    return _xlsx(sheets.agreement_workbook(agreements, year), _quoted(name))
