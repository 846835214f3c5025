"""/work/calendar/: the deployment admin keeps the national working-day calendar in the portal."""

from datetime import date

import pytest
from django.contrib.auth.models import Group

from portal.access import DEPLOYMENT_GROUP
from services import calendar_table, workdays
from services.models import CalendarPeriod, CalendarYear
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
PAGE = "/work/calendar/"
NEW_YEAR = {"first": "2027-01-01", "last": "2027-01-03", "is_workday": "False", "name": "元旦"}


@pytest.fixture
def keeper(actors, client):
    user = make_user(None, "平台管理员")
    user.groups.add(Group.objects.get(name=DEPLOYMENT_GROUP))
    client.force_login(user)
    client.user = user
    return client


def test_it_works_for_the_deployment_admin(keeper):
    page = keeper.get(PAGE)
    assert page.status_code == 200 and "工作日历" in page.content.decode()


def test_it_works_for_a_superuser(actors, client):
    client.force_login(make_user(None, "超级用户", is_superuser=True))
    assert client.get(PAGE).status_code == 200


def test_it_requires_login(client):
    assert client.get(PAGE).status_code == 302


@pytest.mark.parametrize("who", ["staff", "admin", "resident", "committee_member"])
def test_it_refuses_every_community_role(actors, who):
    assert actors.client(who).get(PAGE).status_code == 403
    assert actors.client(who).post(PAGE, NEW_YEAR).status_code == 403
    assert not CalendarPeriod.objects.exists()


def test_it_rejects_the_wrong_method(keeper):
    period = calendar_table.enter_period(
        keeper.user, first=date(2027, 1, 1), last=date(2027, 1, 1), is_workday=False, name="元旦"
    )
    assert keeper.get(f"{PAGE}periods/{period.pk}/delete/").status_code == 405
    assert keeper.get(f"{PAGE}years/2027/").status_code == 405
    assert keeper.put(PAGE).status_code == 405


def test_a_period_that_does_not_exist_is_404(keeper):
    assert keeper.get(f"{PAGE}periods/999/").status_code == 404
    assert keeper.post(f"{PAGE}periods/999/delete/").status_code == 404


def test_a_year_out_of_reach_is_404(keeper):
    assert keeper.post(f"{PAGE}years/1900/", {"notice": "x"}).status_code == 404


def test_entering_a_period_counts_at_once(keeper):
    response = keeper.post(PAGE, NEW_YEAR)
    assert response.status_code == 302
    assert not workdays.is_workday(date(2027, 1, 1))
    assert CalendarPeriod.objects.get().name == "元旦"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (NEW_YEAR | {"last": "2026-12-31"}, "last"),
        (NEW_YEAR | {"last": "2027-03-01"}, "last"),
        (NEW_YEAR | {"first": "not a date"}, "first"),
        (NEW_YEAR | {"name": ""}, "name"),
        (NEW_YEAR | {"is_workday": "maybe"}, "is_workday"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_saved(keeper, data, field):
    response = keeper.post(PAGE, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not CalendarPeriod.objects.exists()


def test_overlapping_periods_are_refused_naming_the_other(keeper):
    keeper.post(PAGE, NEW_YEAR)
    response = keeper.post(PAGE, NEW_YEAR | {"first": "2027-01-03", "last": "2027-01-04", "name": "另一个"})
    assert response.status_code == 400 and "元旦" in str(response.context["form"].errors["first"])
    assert CalendarPeriod.objects.count() == 1


def test_a_second_editor_keeps_their_text_and_sees_the_saved_version(keeper):
    keeper.post(PAGE, NEW_YEAR)
    period = CalendarPeriod.objects.get()
    url = f"{PAGE}periods/{period.pk}/"
    opened = keeper.get(url).context["form"]["version"].value()
    assert keeper.post(url, NEW_YEAR | {"name": "元旦假期", "version": opened}).status_code == 302
    second = keeper.post(url, NEW_YEAR | {"name": "新年", "version": opened})
    assert second.status_code == 409
    page = second.content.decode()
    assert "新年" in page and "元旦假期" in page
    assert CalendarPeriod.objects.get().name == "元旦假期"


def test_removing_a_period_counts_at_once(keeper):
    keeper.post(PAGE, NEW_YEAR)
    period = CalendarPeriod.objects.get()
    assert keeper.post(f"{PAGE}periods/{period.pk}/delete/").status_code == 302
    assert workdays.is_workday(date(2027, 1, 1)) and not CalendarPeriod.objects.exists()


def test_marking_a_year_entered_makes_it_known(keeper):
    response = keeper.post(f"{PAGE}years/2027/", {"notice": "国办发明电〔2026〕1号", "confirmed": "on"})
    assert response.status_code == 302
    assert workdays.current().is_known(2027)
    year = CalendarYear.objects.get(year=2027)
    stale = year.version
    keeper.post(f"{PAGE}years/2027/", {"notice": "改过", "confirmed": "on", "version": stale})
    keeper.post(f"{PAGE}years/2027/", {"notice": "被覆盖?", "confirmed": "", "version": stale})
    year.refresh_from_db()
    assert (year.notice, year.confirmed) == ("改过", True)
