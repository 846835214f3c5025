"""Send a notification: in the portal always, by e-mail when the user has an address."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from .models import Notification

log = logging.getLogger(__name__)


def notify(user, title: str, body: str = "", url: str = "") -> Notification | None:
    if user is None or not user.is_active:
        return None
    # One line: titles quote people's text (a resolution, a notice title), and a line break in an
    # e-mail subject is a header injection that the mail library refuses with an exception.
    title = " ".join(str(title).split())[:200]
    note = Notification.objects.create(recipient=user, title=title, body=body, url=url)
    if user.email:
        try:
            send_mail(title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [user.email])
        except OSError:
            # The in-app notification is the record; a mail server outage must not undo the action.
            log.warning("could not e-mail notification %s to user %s", note.pk, user.pk)
    return note
