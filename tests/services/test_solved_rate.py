"""The rating asks whether the problem was solved; /open/ shows 解决率 from that answer beside 办结率."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from services.models import Rating
from services.open_figures import open_figures
from tests import factories

pytestmark = pytest.mark.django_db


def rated(actors, solved):
    req = factories.make_request(actors.community, actors.resident)
    return Rating.objects.create(request=req, score=4, solved=solved, rated_by=actors.resident)


def test_the_rating_form_asks_whether_the_problem_was_solved(actors):
    req = factories.make_request(actors.community, actors.resident)
    req.accept(actors.staff)
    req.start(actors.staff)
    req.complete(actors.staff)
    url = reverse("services:applicant_act", args=[req.reference, "rate"])
    response = actors.client("resident").post(url, {"rate-score": "4"})
    assert response.status_code == 400 and "您的问题解决了吗？" in response.content.decode()
    actors.client("resident").post(url, {"rate-score": "2", "rate-solved": "no"})
    assert Rating.objects.get().solved is False


def test_the_solved_rate_counts_only_the_ratings_that_answered(actors):
    rated(actors, True)
    rated(actors, True)
    rated(actors, False)
    rated(actors, None)  # rated before the question was asked
    rate = open_figures(actors.community, timezone.localdate().year)["solved"]
    assert (rate.count, rate.total) == (2, 3)


def test_open_figures_show_the_solved_rate_with_its_definition(actors):
    rated(actors, True)
    html = Client().get(f"/open/?year={timezone.localdate().year}").content.decode()
    assert "解决率" in html and "办结率" in html and "您的问题解决了吗" in html
