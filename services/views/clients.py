"""Client apps of the Open311 API: a community admin issues keys (shown once) and revokes them."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import admin_required, for_community, get_in_community

from ..models import ApiClient


class ClientForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=gettext_lazy("Client app"),
        help_text=gettext_lazy("Who will use the key, e.g. the city hotline or a volunteer group's app."),
    )


@admin_required
@require_http_methods(["GET", "POST"])
def client_list(request):
    form = ClientForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        client, new_key = ApiClient.issue(request.user.community, form.cleaned_data["name"], request.user)
        form = ClientForm()
    clients = for_community(ApiClient.objects.select_related("created_by"), request.user)
    return render(request, "services/api_clients.html", {"form": form, "clients": clients, "new_key": new_key})


@admin_required
@require_POST
def client_revoke(request, pk: int):
    client = get_in_community(ApiClient.objects.all(), request.user, pk=pk)
    client.revoke()
    messages.success(request, _("The key of “%(name)s” is revoked.") % {"name": client.name})
    return redirect("services:api_clients")
