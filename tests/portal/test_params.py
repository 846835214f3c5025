"""?year= is read one way on every page."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from portal.params import year_param

THIS_YEAR = timezone.localdate().year


def year(query: str, *args, **kwargs) -> int:
    return year_param(RequestFactory().get(f"/?{query}"), *args, **kwargs)


def test_no_year_means_this_year():
    assert year("") == year("year=") == THIS_YEAR


def test_a_year_in_range_is_taken_as_it_is():
    assert year("year=2021") == 2021


def test_a_year_out_of_range_is_brought_to_the_nearest_end():
    assert year("year=1900", 2017, THIS_YEAR) == 2017
    assert year("year=3000", 2017, THIS_YEAR) == THIS_YEAR


def test_what_is_not_a_number_means_this_year():
    assert year("year=abc") == year("year=20%2021") == THIS_YEAR


@pytest.mark.parametrize("query", ["year=abc", "year=1999", "year=2101"])
def test_strict_pages_answer_404_to_a_year_they_cannot_show(query):
    with pytest.raises(Http404):
        year(query, strict=True)
