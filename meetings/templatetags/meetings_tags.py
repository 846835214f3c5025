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
