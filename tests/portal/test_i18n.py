import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_chinese_by_default(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "登录" in page and 'lang="zh-CN"' in page


def test_switching_to_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert "Log in" in page and "登录" not in page and 'lang="en"' in page


def test_switching_back_to_chinese(client, db):
    client.post(reverse("set_language"), {"language": "en"})
    client.post(reverse("set_language"), {"language": "zh-hans"})
    assert "登录" in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_catalogues_are_complete(language):
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
    assert not missing, f"{language}: {len(missing)} strings without translation, e.g. {missing[:5]}"
