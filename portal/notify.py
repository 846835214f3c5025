"""Send a notification: in the portal always, by e-mail (through the outbox) when the user has an address."""

from . import outbox
from .models import Notification


def notify(user, title: str, body: str = "", url: str = "") -> Notification | None:
    if user is None or not user.is_active:
        return None
    # One line: titles quote people's text (a resolution, a notice title), and a line break in an
    # e-mail subject is a header injection that the mail library refuses with an exception.
    title = " ".join(str(title).split())[:200]
    note = Notification.objects.create(recipient=user, title=title, body=body, url=url)
    if user.email:
        # Sent after the change commits, retried if the mail server is down; never inside the request.
        outbox.enqueue(
            channel="email",
            recipient=user.email,
            template=title,
            body=f"{body}\n\n{url}".strip(),
            key=f"notification:{note.pk}",
            community=user.community_id,
        )
    return note
