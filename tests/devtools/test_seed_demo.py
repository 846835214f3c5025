import pytest
from django.core.management import call_command

from portal.models import Community, User

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def table_sizes():
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


def test_seed_demo_prints_logins_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = table_sizes()
    out = capsys.readouterr().out
    assert "13900000001" in out and "Gongjian-demo-2026" in out
    assert Community.objects.count() == 1
    hashes = dict(User.objects.values_list("phone", "password"))
    call_command("seed_demo")
    assert table_sizes() == first
    assert dict(User.objects.values_list("phone", "password")) == hashes


def test_seed_demo_refuses_a_production_database(settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Community.objects.exists()
