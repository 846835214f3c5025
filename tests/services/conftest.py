import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Calendar exceptions, desk counts and tracking limits live in the cache; tests start clean.
    cache.clear()
    yield
    cache.clear()
