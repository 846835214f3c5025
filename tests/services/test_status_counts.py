"""The desk's per-status counts: kept by the database with every write of a request, right under races."""

from types import SimpleNamespace

import pytest
from django.db import connection

from portal.backup import row_counts
from services.models import ServiceRequest, StatusCount
from tests import factories
from tests.utils import run_together

S = ServiceRequest.Status


def counted(community) -> dict[str, int]:
    return {status: n for status, n in StatusCount.for_community(community.pk).items() if n}


def actual(community) -> dict[str, int]:
    statuses = ServiceRequest.objects.filter(community=community).values_list("status", flat=True)
    return {status: list(statuses).count(status) for status in set(statuses)}


@pytest.mark.django_db
def test_each_workflow_step_moves_one_request_from_one_count_to_the_next(actors):
    req = factories.make_request(actors.community, actors.resident)
    assert counted(actors.community) == {S.SUBMITTED: 1}
    req.accept(actors.staff)
    assert counted(actors.community) == {S.ACCEPTED: 1}
    req.start(actors.staff)
    req.complete(actors.staff, "办结")
    assert counted(actors.community) == actual(actors.community) == {S.COMPLETED: 1}


@pytest.mark.django_db
def test_bulk_writes_and_deletes_are_counted_too(actors):
    reqs = [factories.make_request(actors.community, actors.resident) for _ in range(4)]
    ServiceRequest.objects.filter(pk__in=[r.pk for r in reqs[:2]]).update(status=S.CLOSED)
    reqs[3].delete()
    factories.make_request(actors.other_community, actors.outsider_resident)
    assert counted(actors.community) == actual(actors.community) == {S.SUBMITTED: 1, S.CLOSED: 2}
    assert counted(actors.other_community) == {S.SUBMITTED: 1}


@pytest.mark.django_db
def test_a_save_that_keeps_the_status_counts_nothing_again(actors):
    req = factories.make_request(actors.community, actors.resident)
    req.description = "换个说法"
    req.save()
    assert counted(actors.community) == {S.SUBMITTED: 1}


@pytest.mark.django_db
def test_backups_leave_the_counts_out_because_a_restore_rebuilds_them():
    assert "services.StatusCount" not in row_counts()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_simultaneous_filings_and_steps_lose_no_count():
    community = factories.make_community("红星社区", "HX")
    staff = factories.make_staff(community, "李秀梅")
    residents = [factories.make_user(community, f"居民{i}") for i in range(8)]
    waiting = [factories.make_request(community, residents[i]) for i in range(8)]

    def work(i):
        # Half the threads file a new request while the other half accept one already filed.
        if i % 2:
            return factories.make_request(community, residents[i]).reference
        return ServiceRequest.objects.get(pk=waiting[i].pk).accept(staff)

    results = run_together(8, work)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert counted(community) == actual(community) == {S.SUBMITTED: 8, S.ACCEPTED: 4}


@pytest.mark.django_db
def test_triggers_a_table_rebuild_dropped_come_back_after_migrate_with_the_rows_counted(actors):
    from services.status_counts import drop_triggers, ensure_triggers

    factories.make_request(actors.community, actors.resident)
    with connection.cursor() as cursor:  # what SQLite does to a table's triggers when a migration rebuilds it
        drop_triggers(None, SimpleNamespace(connection=connection, execute=cursor.execute))
    factories.make_request(actors.community, actors.resident)
    assert counted(actors.community) == {}
    ensure_triggers(using=connection.alias)
    assert counted(actors.community) == actual(actors.community) == {S.SUBMITTED: 2}
    factories.make_request(actors.community, actors.resident)
    assert counted(actors.community) == {S.SUBMITTED: 3}
