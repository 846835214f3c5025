"""Races that only a real database shows: run on PostgreSQL, skipped on SQLite."""

import pytest
from django.db import connection

from services.models import ServiceRequest, TransitionError
from tests import factories
from tests.utils import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_simultaneous_filings_never_share_a_reference():
    community = factories.make_community("红星社区", "HX")
    residents = [factories.make_user(community, f"居民{i}") for i in range(8)]

    def file(i):
        return factories.make_request(community, residents[i]).reference

    references = run_together(8, file)
    assert all(isinstance(r, str) for r in references), references
    assert len(set(references)) == 8
    assert sorted(int(r[-4:]) for r in references) == list(range(1, 9))


def test_two_staff_accepting_at_once_one_wins_the_other_is_told():
    community = factories.make_community("红星社区", "HX")
    staff = [factories.make_staff(community, "李秀梅"), factories.make_staff(community, "陈立新")]
    req = factories.make_request(community, factories.make_user(community, "张桂兰"))

    def accept(i):
        return ServiceRequest.objects.get(pk=req.pk).accept(staff[i])

    results = run_together(2, accept)
    errors = [r for r in results if isinstance(r, TransitionError)]
    assert len(errors) == 1, results
    req.refresh_from_db()
    assert req.status == ServiceRequest.Status.ACCEPTED
    assert req.events.filter(status=ServiceRequest.Status.ACCEPTED).count() == 1
    assert req.assignee.real_name in str(errors[0])


def test_two_staff_pressing_accept_at_once_in_their_browsers_one_is_told_who_won():
    from django.test import Client
    from django.urls import reverse
    from django.utils.translation import gettext

    community = factories.make_community("红星社区", "HX")
    staff = [factories.make_staff(community, "李秀梅"), factories.make_staff(community, "陈立新")]
    req = factories.make_request(community, factories.make_user(community, "张桂兰"))
    url = reverse("services:act", args=[req.reference, "accept"])

    def press(i):
        client = Client()
        client.force_login(staff[i])
        response = client.post(url, {"accept-note": f"{staff[i].real_name}受理"}, follow=True)
        # The page itself, not response.context: the test client's template signals are shared between threads.
        return response.status_code, response.content.decode()

    results = run_together(2, press)
    assert [code for code, _page in results] == [200, 200], results
    req.refresh_from_db()
    told = gettext("%(name)s has already accepted this request.") % {"name": req.assignee}
    assert sum(told in page for _code, page in results) == 1
    assert req.events.filter(status=ServiceRequest.Status.ACCEPTED).count() == 1
