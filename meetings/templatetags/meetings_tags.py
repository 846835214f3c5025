from django import template
from django.urls import reverse

from meetings.models import CalendarFeed

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_feed_url(context) -> str:
    """The user's private calendar link, or "" if they have none (used on the profile page)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if feed is None:
        return ""
    return request.build_absolute_uri(reverse("meetings:feed", args=[feed.calendar_token]))


@register.filter
def last_paragraph_apart(text: str) -> tuple[str, str]:
    """(all but the last paragraph, the last paragraph) of plain text, so print can keep the last one
    on the same page as the signature lines below it."""
    paragraphs = [p for p in str(text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    if not paragraphs:
        return "", ""
    return "\n\n".join(paragraphs[:-1]), paragraphs[-1]
