"""Background work of the service desk: the requests workbook of a long period."""

from __future__ import annotations

from celery import shared_task
from django.utils import translation
from django.utils.datastructures import MultiValueDict


@shared_task(name="services.export_requests", ignore_result=True)
def export_requests(user_pk: int, query: dict[str, list[str]], language: str) -> None:
    """Build the desk's export for `query` (the export form's fields) and hand it to the admin who asked."""
    from portal import exports
    from portal.models import User

    from .views.desk import export_workbook

    user = User.objects.select_related("community").get(pk=user_pk)
    with translation.override(language):
        built = export_workbook(user, MultiValueDict(query))
        if built is not None:
            exports.hand_over(user, *built)
