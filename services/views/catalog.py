"""The service guide (办事指南): open to everyone."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from portal.access import public_community
from portal.pagecache import public_page

from ..models import ServiceItem


def _items(request):
    community = public_community(request)
    return ServiceItem.objects.filter(community=community, is_active=True), community


@public_page
@require_GET
def catalog(request):
    items, community = _items(request)
    return render(request, "services/catalog.html", {"items": items, "community": community})


@public_page
@require_GET
def item_detail(request, pk: int):
    items, _community = _items(request)
    item = get_object_or_404(items, pk=pk)
    return render(request, "services/item.html", {"item": item})
