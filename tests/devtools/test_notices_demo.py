import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from notices.models import Notice

pytestmark = pytest.mark.django_db


def test_demo_notices_cover_every_category_and_state():
    call_command("seed_demo", stdout=io.StringIO())
    notices = Notice.objects.all()
    assert 35 <= notices.count() <= 45
    assert set(notices.values_list("category", flat=True)) == set(Notice.Category.values)
    assert set(notices.values_list("state", flat=True)) == set(Notice.State.values)
    assert any(n.in_publicity for n in notices)
    assert any(n.is_scheduled and (n.publish_at - timezone.now()).days >= 6 for n in notices)
    assert notices.filter(pinned=True).count() >= 2
    assert notices.filter(state=Notice.State.DRAFT, returned_at__isnull=False).exists()
    assert Notice.objects.visible().search("低保").exists() and Notice.objects.visible().search("棚改").exists()
