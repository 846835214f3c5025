"""Logging out wipes what the visit form keeps on the phone (households, questionnaires, unsent visits).

The browser does it on the logout response's Clear-Site-Data header: IndexedDB, the service worker and its
caches go, whichever page the logout came from. The visit page also wipes them itself before logging out
(static/households/visit.js), for browsers that ignore the header.
"""

from django.urls import reverse


class WipeVisitDataAtLogout:
    def __init__(self, get_response):
        self.get_response = get_response
        self.logout_path = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.logout_path is None:
            self.logout_path = reverse("logout")
        if request.method == "POST" and request.path == self.logout_path and response.status_code < 400:
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
