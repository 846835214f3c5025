"""The transparency dashboard (公开透明) and the staff work page."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..access import Role, public_community, role_required
from ..dashboard import dashboard, work_panels
from ..pagecache import public_page
from ..params import year_param

FIRST_YEAR = 2017  # the community's records on the portal start with the 2017 redevelopment


@public_page
@require_GET
def open_dashboard(request):
    this_year = timezone.localdate().year
    year = year_param(request, FIRST_YEAR, this_year)
    community = public_community(request)
    sections = dashboard(community, year) if community else []
    years = list(range(this_year, FIRST_YEAR - 1, -1))
    return render(request, "portal/open.html", {"year": year, "years": years, "sections": sections})


@role_required(Role.STAFF, Role.DEPLOYMENT)
@require_GET
def work(request):
    return render(request, "portal/work.html", {"panels": work_panels(request.user)})
