"""Notices on the open dashboard (/open/): how many went out in each category this year."""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.charts import BarChart
from portal.dashboard import Section

from .models import Notice


def open_figures(community, year: int) -> dict:
    counts = dict(
        Notice.objects.visible()
        .filter(community=community, publish_at__year=year)
        .values_list("category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    categories = [(value, label, counts.get(value, 0)) for value, label in Notice.Category.choices]
    chart = BarChart(
        _("Notices published per category, %(year)s") % {"year": year},
        _("Open affairs published on the portal this year, by category (withdrawn ones not counted)."),
        [str(label) for _value, label, _n in categories],
        [(_("Notices"), [n for _value, _label, n in categories])],
        horizontal=True,
    )
    return {"total": sum(counts.values()), "categories": categories, "chart": chart}


SECTIONS = [
    Section("notices", _lazy("Open affairs published"), "notices/open_section.html", open_figures, order=40),
]
