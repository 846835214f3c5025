"""Rate limits for the API, counted in the portal's shared limiter (portal/limits.py) like every other limit.

Counts are kept per scope ("read", "post-key", "post-address") and per hashed identity, so a key or an
address never appears in the store as it is.
"""

from __future__ import annotations

import hashlib

from portal import limits


def allow(scope: str, ident: str, limit: int, window: int) -> bool:
    """Count one hit for `ident` in `scope`; False once more than `limit` hits fall in the current window.

    A limit of 0 turns the check off (the benchmark measures the page, not the limiter). Raises
    `limits.StoreDown` when the shared store cannot count: the caller refuses rather than letting
    the request through uncounted.
    """
    if limit <= 0:
        return True
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return limits.hit(f"open311:{scope}:{digest}:{window}", limit, window)
