"""Rate limits for the API: fixed-window counters in the database, which every server process shares.

The one place that counts; when the portal grows a shared limiter, only `allow` changes.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import ApiRateCounter


def _bucket(scope: str, ident: str, window: int) -> tuple[str, object]:
    now = timezone.now()
    start = int(now.timestamp()) // window * window
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"{scope}:{digest}:{start}", now + timedelta(seconds=window)


def allow(scope: str, ident: str, limit: int, window: int) -> bool:
    """Count one hit for `ident` in `scope`; False once more than `limit` hits fall in the current window.

    A limit of 0 turns the check off (the benchmark measures the page, not the limiter).
    """
    if limit <= 0:
        return True
    bucket, expires = _bucket(scope, ident, window)
    with transaction.atomic():
        if not ApiRateCounter.objects.filter(bucket=bucket).update(hits=F("hits") + 1):
            try:
                with transaction.atomic():
                    ApiRateCounter.objects.create(bucket=bucket, hits=1, expires_at=expires)
            except IntegrityError:
                # Another process opened the window first; count on its row.
                ApiRateCounter.objects.filter(bucket=bucket).update(hits=F("hits") + 1)
            else:
                # A new window: clear the windows that have passed.
                ApiRateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
        hits = ApiRateCounter.objects.filter(bucket=bucket).values_list("hits", flat=True).first() or 0
    return hits <= limit
