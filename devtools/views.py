from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def bench_floor(request):
    """The benchmark's floor: the cheapest response this stack can give."""
    return HttpResponse(b"ok", content_type="text/plain")
