"""Background work of the service desk: the requests workbook of a long period."""

from __future__ import annotations

from celery import shared_task
from django.utils import translation
from django.utils.datastructures import MultiValueDict


@shared_task(name="services.export_requests", ignore_result=True)
def export_requests(user_pk: int, query: dict[str, list[str]], language: str, which: str = "desk") -> None:
    """Build an export for `query` (its form's fields) and hand it to the one who asked.

    `which` is "desk" (the admins' export with the desk's filters) or "period" (staff's export of a period).
    """
    from portal import exports
    from portal.models import User

    from .views.desk import export_workbook
    from .views.period import period_export_workbook

    build = period_export_workbook if which == "period" else export_workbook
    user = User.objects.select_related("community").get(pk=user_pk)
    with translation.override(language):
        built = build(user, MultiValueDict(query))
        if built is not None:
            exports.hand_over(user, *built)
