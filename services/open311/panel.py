"""The request page's block where staff choose what the public sees of a request (Open311)."""

from __future__ import annotations


def public_view_panel(req, user) -> dict | None:
    """Shown on requests for a service item marked public; names the client app that filed it, if any."""
    if req.item_id is None or not req.item.public:
        return None
    submission = getattr(req, "api_submission", None)
    return {"client": submission.client.name if submission else ""}
