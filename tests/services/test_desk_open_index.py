"""The desk's open queue has its own partial index; its condition must be exactly the open statuses."""

from services.models import ServiceRequest


def test_the_open_queue_index_covers_exactly_the_open_statuses():
    index = next(i for i in ServiceRequest._meta.indexes if i.name == "sr_desk_open")
    (lookup, statuses), *_rest = index.condition.children
    assert lookup == "status__in" and tuple(statuses) == ServiceRequest.OPEN
