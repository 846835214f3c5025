"""A campaign's public result (公示): coverage, opinion shares and what became of the concerns, as a notice.

Counts and shares only: no household, door, name, tag or answer text is written into the notice.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from notices.models import Notice
from services.models import ServiceRequest

from . import coverage
from .models import Campaign, HouseholdError, HouseholdRequest


def _percent(rate) -> str:
    return "—" if rate.percent is None else f"{rate.percent:g}%"


def summary_markdown(campaign: Campaign) -> str:
    totals = coverage.totals(campaign)
    lines = [
        _("Period: %(start)s to %(end)s.") % {"start": campaign.starts_on, "end": campaign.ends_on},
        "",
        f"## {_('Coverage')}",
        "",
        _("%(visited)s of the %(total)s households in scope were visited (%(rate)s); %(vacant)s doors were vacant.")
        % {
            "visited": totals["visited"],
            "total": totals["total"],
            "rate": _percent(totals["rate"]),
            "vacant": totals["vacant"],
        },
        "",
    ]
    tallies = coverage.opinions(campaign)
    if tallies:
        lines += [f"## {_('Opinions')}", ""]
        for tally in tallies:
            shares = "；".join(f"{label} {count}（{_percent(rate)}）" for label, count, rate in tally.rows)
            lines.append(f"- {tally.question.text}：{shares}")
        lines.append("")
    raised = campaign.visits.exclude(concerns="").count()
    requests = HouseholdRequest.objects.filter(visit__campaign=campaign).aggregate(
        filed=Count("id"),
        done=Count(
            "id",
            filter=Q(
                request__status__in=[
                    ServiceRequest.Status.COMPLETED,
                    ServiceRequest.Status.DELIVERED,
                    ServiceRequest.Status.CLOSED,
                ]
            ),
        ),
    )
    lines += [
        f"## {_('Concerns')}",
        "",
        _("%(raised)s concerns were raised; %(filed)s went to the service desk and %(done)s of those are settled.")
        % {"raised": raised, "filed": requests["filed"], "done": requests["done"]},
    ]
    return "\n".join(lines)


def publish_summary(campaign: Campaign, admin) -> Notice:
    """Write the summary as a notice and publish it at once (the admin is the reviewer)."""
    if campaign.status == Campaign.Status.DRAFT:
        raise HouseholdError(_("A campaign that has not started has no result to publish."))
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.summary_notice_id:
            raise HouseholdError(_("The summary of this campaign is already published."))
        notice = Notice.objects.create(
            community=campaign.community,
            author=admin,
            category=Notice.Category.RESIDENTS,
            title=(_("Result of the door-to-door campaign: %(title)s") % {"title": campaign.title})[:120],
            summary=_("How many households were visited, what they said, and what was done about their concerns.")[
                :300
            ],
            body=summary_markdown(campaign),
            state=Notice.State.DRAFT,
        )
        notice.submit(by=admin)
        notice.publish(by=admin)
        locked.summary_notice_id = notice.pk
        locked.save(update_fields=["summary_notice_id"])
    campaign.summary_notice_id = notice.pk
    return notice
