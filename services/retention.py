"""Personal information kept only as long as needed (个人信息保护法): requests past retention are anonymised.

After a request has ended (closed or rejected) for RETENTION_DAYS["requests"] days, the names, phone numbers,
addresses and attachments go, and ID or mobile numbers typed into its free text are removed; what counts for
the figures (kind, item, channel, dates, status, rating score) stays.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.models import mask_phone
from portal.privacy import remove_identifiers

from .access import own_requests
from .models import Attachment, FollowUp, Rating, RequestEvent, ServiceRequest

ANONYMOUS = "（已匿名）"


def anonymise(req: ServiceRequest) -> None:
    """Remove the personal data of one request, keeping its figures."""
    with transaction.atomic():
        req.applicant = None
        req.applicant_name, req.applicant_phone, req.address, req.contact_time = ANONYMOUS, "", "", ""
        req.served_account = None
        req.served_name, req.served_phone = (ANONYMOUS if req.served_name else ""), ""
        req.description = remove_identifiers(req.description)
        req.missing_materials = remove_identifiers(req.missing_materials)
        req.rejection_reason = remove_identifiers(req.rejection_reason)
        req.anonymised_at = timezone.now()
        req.save(
            update_fields=[
                "applicant",
                "applicant_name",
                "applicant_phone",
                "served_account",
                "served_name",
                "served_phone",
                "address",
                "contact_time",
                "description",
                "missing_materials",
                "rejection_reason",
                "anonymised_at",
            ]
        )
        for event in RequestEvent.objects.filter(request=req):
            for field in (event.photo, event.thumbnail):
                if field:
                    field.delete(save=False)
            event.text = remove_identifiers(event.text)
            event.save(update_fields=["text", "photo", "thumbnail"])
        for attachment in Attachment.objects.filter(request=req):
            attachment.file.delete(save=False)
            if getattr(attachment, "thumbnail", None):
                attachment.thumbnail.delete(save=False)
            attachment.delete()
        for rating in Rating.objects.filter(request=req):
            rating.comment = remove_identifiers(rating.comment)
            rating.save(update_fields=["comment"])
        for follow_up in FollowUp.objects.filter(request=req):
            follow_up.resolution = remove_identifiers(follow_up.resolution)
            follow_up.save(update_fields=["resolution"])


def expired_requests(now=None):
    cutoff = (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS["requests"])
    return ServiceRequest.objects.filter(
        status__in=ServiceRequest.ENDED, closed_at__lt=cutoff, anonymised_at__isnull=True
    ).order_by("pk")


def anonymise_expired(now=None) -> int:
    count = 0
    for req in expired_requests(now).iterator():
        anonymise(req)
        count += 1
    return count


# --- the person's own download and account closing (portal/personal_data.py) ---------------------------------


def export_requests(user) -> list:
    rows = []
    for req in own_requests(user).select_related("item").order_by("created_at", "id"):
        if req.applicant_id != user.pk:
            # Filed for them by a relative: the request is theirs to see as its page shows it, the filer's
            # number masked and the filer's own words and address left with the filer.
            rows.append(
                {
                    "reference": req.reference,
                    "title": str(req.title),
                    "status": str(req.get_status_display()),
                    "filed_at": timezone.localtime(req.created_at).isoformat(timespec="seconds"),
                    "filed_for_you_by": {"name": req.applicant_name, "phone": mask_phone(req.applicant_phone)},
                    "filed_for": {"name": req.served_name, "phone": req.served_phone, "relation": req.served_relation},
                }
            )
            continue
        rows.append(
            {
                "reference": req.reference,
                "title": str(req.title),
                "status": str(req.get_status_display()),
                "filed_at": timezone.localtime(req.created_at).isoformat(timespec="seconds"),
                "name": req.applicant_name,
                "phone": req.applicant_phone,
                "filed_for": {"name": req.served_name, "phone": req.served_phone, "relation": req.served_relation}
                if req.on_behalf_of
                else None,
                "address": req.address,
                "description": req.description,
                "timeline": [
                    {"time": timezone.localtime(e.created_at).isoformat(timespec="seconds"), "text": e.text}
                    for e in req.events.filter(public=True).order_by("created_at", "id")
                ],
            }
        )
    return rows


def forget_requests(user) -> None:
    """Ended requests are anonymised now; open ones keep the contact details the desk needs to finish them."""
    for req in own_requests(user):
        if req.applicant_id != user.pk:
            # Filed for them by someone else: the filer's request stays the filer's; only the link to this
            # account and the person served's own details go (ended requests; open ones keep the number the
            # desk may need to reach them).
            served = {"served_account": None}
            if req.status in ServiceRequest.ENDED:
                served |= {"served_name": "", "served_phone": "", "served_relation": ""}
            ServiceRequest.objects.filter(pk=req.pk).update(**served)
        elif req.status in ServiceRequest.ENDED:
            anonymise(req)
        else:
            ServiceRequest.objects.filter(pk=req.pk).update(applicant=None)
