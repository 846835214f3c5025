"""Small helpers shared by the roster views."""

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render

from portal.versioning import save_checked

PAGE_SIZE = 25


def paginate(request, queryset, size: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def form_page(request, form, *, title: str, back: str, saved: str, next_url=None, context=None):
    """The create/edit pattern: a valid POST saves and redirects, anything else shows the form."""
    if request.method == "POST" and form.is_valid():
        obj = save_checked(form)
        if obj is not None:
            messages.success(request, saved)
            return redirect(next_url(obj) if next_url else obj.get_absolute_url())
    page = {"form": form, "title": title, "back": back, **(context or {})}
    return render(request, "members/form.html", page, status=409 if form.saved_version else 200)
