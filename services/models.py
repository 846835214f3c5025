"""The one-stop service desk: catalog, requests and their workflow, ratings, follow-ups."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.choices import ChoiceLabels
from portal.links import link_for_each
from portal.models import Community
from portal.notify import notify
from portal.versioning import version_field

from . import workdays

# Appeals and suggestions have no catalog item; the hotline convention answers them in five working days.
DEFAULT_TIME_LIMIT = 5
REOPEN_WINDOW_DAYS = 15
FOLLOW_UP_DAYS = 5


class TransitionError(Exception):
    """A workflow move that is not allowed now; the message says why."""

    field: str | None = None  # the form field the message belongs at, if any


class BookingConflict(TransitionError):
    """A home visit or delivery whose time clashes with another pending one."""

    field = "appointment_at"


# What the apps above the desk do when a request is finished (the joint meeting closes its escalation): each
# app adds its step in AppConfig.ready(); they run inside the transaction that finishes the request.
on_finish: list = []


def today() -> date:
    return timezone.localdate()


class ServiceItem(models.Model):
    """One entry of the service guide (办事指南): what it takes to get something done."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="service_items"
    )
    name = models.CharField(_("name"), max_length=100)
    summary = models.CharField(pgettext_lazy("service item", "summary"), max_length=300, blank=True)
    conditions = models.TextField(_("conditions"), blank=True, help_text=_("Who may apply, one per line."))
    materials = models.TextField(_("required materials"), blank=True, help_text=_("One per line."))
    time_limit_days = models.PositiveSmallIntegerField(_("promised time limit (working days)"), default=5)
    fee = models.CharField(_("fee"), max_length=100, default=_("Free"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    home_visit = models.BooleanField(_("home visits offered"), default=False)
    is_active = models.BooleanField(_("offered"), default=True)
    public = models.BooleanField(
        _("requests shown publicly"),
        default=False,
        help_text=_(
            "Requests for this item may be listed through the Open311 API (summary and building only). "
            "Never for personal matters such as 低保."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=50)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="service_item_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:item", args=[self.pk])

    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]

    def condition_list(self) -> list[str]:
        return [line.strip() for line in self.conditions.splitlines() if line.strip()]


class CalendarVersion(models.Model):
    """The version of the deployment's working-day table: every change moves it on, so every worker re-reads."""

    number = models.PositiveIntegerField(default=0)
    # A fresh random stamp per change: what a worker's parsed copy is keyed by (a number could repeat after
    # a restored backup or a rolled-back transaction).
    stamp = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar versions")

    def __str__(self) -> str:
        return str(self.number)


class CalendarYear(models.Model):
    """A year of the State Council's holiday notice, marked entered in full by the deployment admin."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    notice = models.CharField(
        _("State Council notice"), max_length=200, blank=True, help_text=_("Its title or number, as published.")
    )
    confirmed = models.BooleanField(_("all holidays and make-up workdays entered"), default=False)
    version = version_field()

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarPeriod(models.Model):
    """Days off (a holiday) or days worked (a make-up workday, 调休) as the yearly State Council notice lists them."""

    first = models.DateField(_("from"))
    last = models.DateField(_("to (inclusive)"))
    is_workday = models.BooleanField(
        _("kind"), default=False, choices=[(False, _("Holiday (days off)")), (True, _("Make-up workday"))]
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("As in the notice, e.g. 春节 or 春节调休上班."))
    version = version_field()

    class Meta:
        verbose_name = _("calendar period")
        verbose_name_plural = _("calendar periods")
        ordering = ["first", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(first__lte=models.F("last")), name="calendar_period_in_order")
        ]

    def __str__(self) -> str:
        if self.first == self.last:
            return f"{self.first:%Y-%m-%d} {self.name}"
        return f"{self.first:%Y-%m-%d}–{self.last:%Y-%m-%d} {self.name}"


class ReferenceCounter(models.Model):
    """The last sequence number handed out for one community on one day."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "day"], name="reference_counter_unique_day")]

    def __str__(self) -> str:
        return f"{self.community_id} {self.day} {self.last}"

    @classmethod
    def next_reference(cls, community: Community, day: date) -> str:
        """HX202610080001: community code, date, sequence of the day. Call inside a transaction."""
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    counter, _created = cls.objects.select_for_update().get_or_create(community=community, day=day)
                    break
            except IntegrityError:
                # Another filing created today's row first; take the lock on theirs.
                continue
        else:  # pragma: no cover - three lost races in a row
            counter = cls.objects.select_for_update().get(community=community, day=day)
        counter.last += 1
        counter.save(update_fields=["last"])
        return f"{community.code}{day:%Y%m%d}{counter.last:04d}"


# Community code (2-12 capital letters or digits), date and sequence of the day: HX202610080001.
REFERENCE_RE = re.compile(r"[A-Z0-9]{2,12}[0-9]{12}")


class RequestQuerySet(models.QuerySet):
    def search(self, text: str):
        """By reference (exactly, through its unique index), phone (the whole number or its last 4 digits) or name.

        Phones and names are those of the applicant or of the person served (亲属代办): an elderly parent
        who calls the desk is found by their own name or number.
        """
        text = text.strip()
        compact = re.sub(r"[\s-]", "", text)
        if REFERENCE_RE.fullmatch(compact.upper()):
            return self.filter(reference=compact.upper())
        if re.fullmatch(r"[0-9]{4}", compact):
            return self.filter(models.Q(applicant_phone__endswith=compact) | models.Q(served_phone__endswith=compact))
        if re.fullmatch(r"[0-9]{7,12}", compact):
            # A landline is kept as typed at filing, with or without the dash after its area code.
            dashed = {f"{compact[:3]}-{compact[3:]}", f"{compact[:4]}-{compact[4:]}"}
            numbers = {compact, *dashed}
            return self.filter(models.Q(applicant_phone__in=numbers) | models.Q(served_phone__in=numbers))
        return self.filter(models.Q(applicant_name__icontains=text) | models.Q(served_name__icontains=text))

    def open(self):
        return self.filter(status__in=ServiceRequest.OPEN)

    def filed_between(self, since: date, until: date):
        """Filed on any local day from `since` to `until`, both included."""
        start = timezone.make_aware(datetime.combine(since, time.min))
        end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min))
        return self.filter(created_at__gte=start, created_at__lt=end)

    def overdue(self, on: date | None = None):
        """Past the due date with the clock running, unless a joint-meeting resolution still has time."""
        on = on or today()
        covered = models.Q(escalated_until__isnull=False, escalated_until__gte=on)
        return self.filter(status__in=ServiceRequest.CLOCK_RUNNING, due_date__lt=on).exclude(covered)


class ServiceRequest(ChoiceLabels, models.Model):
    """A service request, appeal or suggestion (工单) and where it stands."""

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service matter")
        APPEAL = "appeal", _("Request for help / complaint")
        SUGGESTION = "suggestion", _("Opinion or suggestion")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone")
        WALK_IN = "walk_in", _("At the desk")
        VISIT = "visit", _("Door-to-door visit")
        API = "api", _("Client app (Open311)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for materials")
        COMPLETED = "completed", _("Completed")
        DELIVERED = "delivered", _("Delivered")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")

    ENDED = (Status.CLOSED, Status.REJECTED)
    OPEN = (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS, Status.WAITING, Status.COMPLETED, Status.DELIVERED)
    CLOCK_RUNNING = (Status.ACCEPTED, Status.IN_PROGRESS)
    FINISHED = (Status.COMPLETED, Status.DELIVERED, Status.CLOSED)
    # Every move of the workflow and the statuses it may start from, listed once: the step methods check
    # against it and the request page offers what it allows (next_steps).
    MOVES = {
        "accept": (Status.SUBMITTED,),
        "reject": (Status.SUBMITTED,),
        "start": (Status.ACCEPTED,),
        "complete": (Status.IN_PROGRESS,),
        "ask": (Status.ACCEPTED, Status.IN_PROGRESS),
        "resume": (Status.WAITING,),
        "deliver": (Status.COMPLETED,),
        "close": (Status.COMPLETED, Status.DELIVERED),
        "reopen": (Status.CLOSED,),
    }
    STAFF_STEPS = ("accept", "reject", "start", "complete", "ask", "resume", "deliver", "close")

    class Relation(models.TextChoices):
        """Who the filer is to the person served (亲属代办): “张三（子女）为 李四” reads 张三 is 李四's child."""

        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Son or daughter")
        RELATIVE = "relative", _("Other relative")
        NEIGHBOUR = "neighbour", _("Neighbour")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="service_requests"
    )
    reference = models.CharField(_("reference number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SERVICE)
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    applicant_name = models.CharField(_("applicant name"), max_length=50)
    applicant_phone = models.CharField(_("applicant phone"), max_length=20)
    # Callers without an account (phone, walk-in) may be told of each step by SMS, up to SMS_CAP messages.
    sms_updates = models.BooleanField(_("send updates by SMS"), default=False)
    sms_sent = models.PositiveSmallIntegerField(_("updates sent by SMS"), default=0, editable=False)
    # Filed for someone else (亲属代办, an elderly parent say): the person served and the filer's relation to
    # them. Blank when the filer is the person served. The person served follows the request too: by tracking
    # with the last digits of their own phone, and in their account once that phone is verified.
    served_name = models.CharField(_("person served"), max_length=50, blank=True)
    served_phone = models.CharField(_("phone of the person served"), max_length=20, blank=True)
    served_relation = models.CharField(
        _("filer's relation to the person served"), max_length=10, choices=Relation.choices, blank=True
    )
    served_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account of the person served"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="served_requests",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_time = models.CharField(_("preferred contact time"), max_length=100, blank=True)
    wants_home_visit = models.BooleanField(_("home visit wished"), default=False)
    needs_delivery = models.BooleanField(_("deliver the result to the home"), default=False)
    description = models.TextField(_("description"))
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        help_text=_("Written by staff for the public (Open311); never the applicant's own words."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    form_token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("filed at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # The due date reaches into a year whose official calendar nobody has entered yet: counted Monday to
    # Friday for now, shown as provisional, and recounted when the deployment admin enters that year.
    due_provisional = models.BooleanField(_("due date provisional"), default=False, editable=False)
    paused_on = models.DateField(_("clock paused on"), null=True, blank=True)
    missing_materials = models.TextField(_("materials still needed"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    notice = models.ForeignKey(
        "notices.Notice",
        verbose_name=_("objection to notice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objections",
        help_text=_("Set when the request is an objection (异议) raised during a notice's publicity period."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    overdue_reminded_on = models.DateField(null=True, blank=True, editable=False)
    # Set by the escalation loop (meetings/escalation.py): while a joint-meeting decision on this request
    # is within its own due date, the request is in the units' hands and does not count as overdue.
    escalated_until = models.DateField(_("escalated: decision due"), null=True, blank=True, editable=False)
    # Escalated, but no joint-meeting resolution with a due date yet: shown on the desk, and the overdue clock
    # keeps running (an escalation alone must not make the overdue figures look better).
    awaiting_meeting = models.BooleanField(_("awaiting the joint meeting"), default=False, editable=False)
    # Set when the personal data was removed after the retention period (services/retention.py).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["submitted_by", "form_token"], name="service_request_one_per_form")
        ]
        # The desk filters by community first, then by one of these, and sorts by due date (or filing time);
        # each index walks its rows in that order so a page stops after 26 rows, whatever the table size.
        indexes = [
            models.Index(fields=["community", "due_date", "-created_at"], name="sr_desk_due"),
            # The desk opens on the open queue: a few thousand rows among a million closed ones. Walking
            # sr_desk_due would step over every closed request due earlier than the first open one.
            models.Index(
                fields=["community", "due_date", "-created_at", "-id"],
                condition=models.Q(
                    status__in=["submitted", "accepted", "in_progress", "waiting", "completed", "delivered"]
                ),
                name="sr_desk_open",
            ),
            models.Index(fields=["community", "status", "due_date"], name="sr_desk_status_due"),
            models.Index(fields=["community", "assignee", "due_date"], name="sr_desk_assignee"),
            models.Index(fields=["community", "item", "due_date"], name="sr_desk_item"),
            models.Index(fields=["community", "kind", "due_date"], name="sr_desk_kind"),
            models.Index(fields=["community", "channel", "due_date"], name="sr_desk_channel"),
            models.Index(fields=["community", "-created_at"], name="sr_desk_created"),
            models.Index(fields=["applicant", "created_at"], name="sr_mine"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        # Lists show a link per row: one reverse() for them all (references need no quoting).
        return link_for_each("services:request")(self.reference)

    @property
    def title(self) -> str:
        return self.item.name if self.item_id else self.get_kind_display()

    @property
    def is_objection(self) -> bool:
        """An objection (异议) to a notice raised in its publicity period: badged on the desk and the page."""
        return self.notice_id is not None

    @property
    def is_ended(self) -> bool:
        """Closed or rejected: no step but a note (and, within its window, reopening) is left."""
        return self.status in self.ENDED

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

    def next_steps(self, user) -> list[str]:
        """The workflow steps this user may take now, in the order the request page offers them."""
        from .access import can_handle

        if not can_handle(user, self):
            # The filer acts on the request; a person served by it (亲属代办) follows it.
            if self.applicant_id is None or self.applicant_id != getattr(user, "pk", None):
                return []
            return [step for step in ("rate", "reopen") if getattr(self, f"can_{step}")()]
        steps = [step for step in self.STAFF_STEPS if self.status in self.MOVES[step]]
        if self.status == self.Status.COMPLETED:
            # A result to be brought home is delivered before the request can close.
            steps.remove("close" if self.needs_delivery else "deliver")
        return steps

    @property
    def clock_running(self) -> bool:
        """Accepted and not finished: the due date matters (paused while waiting)."""
        return self.status in (*self.CLOCK_RUNNING, self.Status.WAITING)

    @property
    def past_due(self) -> bool:
        return self.status in self.CLOCK_RUNNING and self.due_date is not None and self.due_date < today()

    @property
    def escalation_covers(self) -> bool:
        """Past its own due date, but a joint-meeting decision on it is still within its due date."""
        return self.past_due and self.escalated_until is not None and self.escalated_until >= today()

    @property
    def is_overdue(self) -> bool:
        return self.past_due and not self.escalation_covers

    @property
    def masked_phone(self) -> str:
        from portal.models import mask_phone

        return mask_phone(self.applicant_phone)

    @property
    def on_behalf_of(self) -> bool:
        """Filed by someone for another person (亲属代办)."""
        return bool(self.served_name)

    @property
    def masked_served_phone(self) -> str:
        from portal.models import mask_phone

        return mask_phone(self.served_phone)

    def proxy_line(self) -> str:
        """“代办：张三（子女）为 李四”, or "" when the filer is the person served."""
        if not self.on_behalf_of:
            return ""
        return gettext("Filed on behalf: %(filer)s (%(relation)s) for %(served)s") % {
            "filer": self.applicant_name,
            "relation": self.get_served_relation_display(),
            "served": self.served_name,
        }

    def followers(self) -> list:
        """The accounts that follow this request: the filer's, and the person served's when it is another."""
        accounts = [self.applicant] if self.applicant_id else []
        if self.served_account_id and self.served_account_id != self.applicant_id:
            accounts.append(self.served_account)
        return accounts

    def time_limit(self) -> int:
        return self.item.time_limit_days if self.item_id else DEFAULT_TIME_LIMIT

    def missing_list(self) -> list[str]:
        return [line.strip() for line in self.missing_materials.splitlines() if line.strip()]

    # --- filing -----------------------------------------------------------

    @classmethod
    def file(
        cls, *, community: Community, submitted_by, form_token: uuid.UUID | None, **fields
    ) -> tuple[ServiceRequest, bool]:
        """Create a request with a fresh reference; the same form sent twice returns the first (created False)."""
        if form_token is not None and submitted_by is not None:
            existing = cls.objects.filter(submitted_by=submitted_by, form_token=form_token).first()
            if existing is not None:
                return existing, False
        try:
            with transaction.atomic():
                reference = ReferenceCounter.next_reference(community, timezone.localdate())
                req = cls.objects.create(
                    community=community,
                    reference=reference,
                    submitted_by=submitted_by,
                    form_token=form_token,
                    **fields,
                )
                text = gettext("Request filed (%(channel)s).") % {"channel": req.get_channel_display()}
                req._event(submitted_by, text, kind=RequestEvent.Kind.STATUS, status=req.status)
                if req.is_objection:
                    req.notice.tell_of_objection(req.reference, req.get_absolute_url())
        except IntegrityError:
            # A double click raced the first submission past the check above.
            existing = cls.objects.filter(submitted_by=submitted_by, form_token=form_token).first()
            if existing is None:
                raise
            return existing, False
        return req, True

    # --- workflow ---------------------------------------------------------

    def _locked(self) -> ServiceRequest:
        return type(self).objects.select_for_update().get(pk=self.pk)

    def _event(
        self, by, text: str, *, public: bool = True, kind: str = "", status: str = "", audience: str = "", **extra
    ):
        # Status changes are public (tracking by digits shows that they happened, not their text);
        # notes, visits and ratings are for the applicant; internal notes for staff only.
        kind = kind or RequestEvent.Kind.NOTE
        if not public:
            audience = RequestEvent.Audience.INTERNAL
        elif not audience:
            public_kind = kind == RequestEvent.Kind.STATUS
            audience = RequestEvent.Audience.PUBLIC if public_kind else RequestEvent.Audience.APPLICANT
        return RequestEvent.objects.create(
            request=self,
            author=by if getattr(by, "pk", None) else None,
            kind=kind,
            status=status,
            public=public,
            audience=audience,
            text=text,
            **extra,
        )

    def _refuse(self, locked: ServiceRequest, allowed: tuple) -> None:
        if locked.status not in allowed:
            raise TransitionError(
                gettext("This request is now “%(status)s”; that step is not possible.")
                % {"status": locked.get_status_display()}
            )

    def _move(self, by, allowed: tuple, to: str, text: str, *, public=True, check=None, compute=None, **fields):
        """Lock the row, check the move, change the status and fields, write the timeline, notify."""
        with transaction.atomic():
            locked = self._locked()
            if check is not None:
                check(locked)
            self._refuse(locked, allowed)
            if compute is not None:
                fields |= compute(locked)
            fields |= {"status": to}
            for name, value in fields.items():
                setattr(locked, name, value)
            locked.save(update_fields=list(fields))
            event = locked._event(by, text, public=public, kind=RequestEvent.Kind.STATUS, status=to)
            if to in self.FINISHED:
                locked._finished()
            audit.record_action(locked, to)
            title = gettext("Your request %(ref)s: %(status)s") % {
                "ref": locked.reference,
                "status": locked.get_status_display(),
            }
            locked._tell_applicant(title, text if public else "")
        for name in fields:
            setattr(self, name, getattr(locked, name))
        return event

    def _finished(self) -> None:
        for step in on_finish:
            step(self)

    def _tell_applicant(self, title: str, body: str = "") -> None:
        """Tell the filer and, for a request filed on someone's behalf, the person served."""
        from .tracking import is_mobile, send_update

        for account in self.followers():
            notify(account, title, body, self.get_absolute_url())
        if not self.applicant_id and self.sms_updates:
            send_update(self, self.applicant_phone)
        if self.on_behalf_of and not self.served_account_id and is_mobile(self.served_phone):
            send_update(self, self.served_phone, signed_link=False)

    def accept(self, by, note: str = ""):
        """Take the request on: the working-day clock starts and a handler is set."""

        def not_taken(locked):
            if locked.status != self.Status.SUBMITTED and locked.accepted_at is not None:
                raise TransitionError(
                    gettext("%(name)s has already accepted this request.")
                    % {"name": locked.assignee or gettext("Another staff member")}
                )

        def clock(locked):
            now = timezone.now()
            due, provisional = workdays.deadline(timezone.localdate(now), locked.time_limit())
            return {
                "accepted_at": now,
                "due_date": due,
                "due_provisional": provisional,
                "assignee": locked.assignee or by,
            }

        return self._move(
            by,
            self.MOVES["accept"],
            self.Status.ACCEPTED,
            note or gettext("Request accepted."),
            check=not_taken,
            compute=clock,
        )

    def start(self, by, note: str = ""):
        return self._move(
            by, self.MOVES["start"], self.Status.IN_PROGRESS, note or gettext("Work on the request has started.")
        )

    def ask_for_materials(self, by, materials: str, note: str = ""):
        """Wait for the resident: the deadline clock stops until the materials arrive."""
        if not materials.strip():
            raise TransitionError(gettext("Say which materials are needed."))
        wanted = [line.strip() for line in materials.splitlines() if line.strip()]
        text = gettext("Please provide: %(materials)s") % {"materials": "；".join(wanted)}
        if note:
            text = f"{text}\n{note}"
        return self._move(
            by,
            self.MOVES["ask"],
            self.Status.WAITING,
            text,
            paused_on=today(),
            missing_materials="\n".join(wanted),
        )

    def resume(self, by, note: str = ""):
        """Materials received: the clock runs again and the due date moves by the days paused."""

        def extend(locked):
            calendar = workdays.current()
            paused = calendar.workdays_between(locked.paused_on or today(), today())
            due = calendar.add_workdays(locked.due_date, paused) if locked.due_date else None
            provisional = due is not None and calendar.provisional(today(), due)
            return {"due_date": due, "due_provisional": provisional, "paused_on": None, "missing_materials": ""}

        return self._move(
            by,
            self.MOVES["resume"],
            self.Status.IN_PROGRESS,
            note or gettext("Materials received; work continues."),
            compute=extend,
        )

    def complete(self, by, note: str = ""):
        return self._move(
            by,
            self.MOVES["complete"],
            self.Status.COMPLETED,
            note or gettext("The request has been completed."),
            completed_at=timezone.now(),
        )

    def deliver(self, by, note: str = "", photo=None):
        """The result was brought to the resident's home; note and photo are the proof."""
        if not self.needs_delivery:
            raise TransitionError(gettext("This request does not need home delivery."))
        if not note.strip():
            raise TransitionError(gettext("Describe the delivery."))
        with transaction.atomic():
            event = self._move(
                by,
                self.MOVES["deliver"],
                self.Status.DELIVERED,
                gettext("Result delivered to the home: %(note)s") % {"note": note},
            )
            HomeStep.objects.filter(request=self, kind=HomeStep.Kind.DELIVERY, done_at__isnull=True).update(
                done_at=timezone.now(), note=note
            )
            if photo is not None:
                event.attach_photo(photo)
        return event

    def close(self, by, note: str = ""):
        def delivered_first(locked):
            if locked.needs_delivery and locked.status == self.Status.COMPLETED:
                raise TransitionError(gettext("Deliver the result to the home before closing."))

        return self._move(
            by,
            self.MOVES["close"],
            self.Status.CLOSED,
            note or gettext("Request closed."),
            check=delivered_first,
            closed_at=timezone.now(),
        )

    def reject(self, by, reason: str):
        if not reason.strip():
            raise TransitionError(gettext("Give the reason for rejecting the request."))
        return self._move(
            by,
            self.MOVES["reject"],
            self.Status.REJECTED,
            gettext("Not accepted: %(reason)s") % {"reason": reason},
            rejection_reason=reason,
            closed_at=timezone.now(),
        )

    def can_reopen(self, on: date | None = None) -> bool:
        if self.status not in self.MOVES["reopen"] or self.closed_at is None:
            return False
        return (on or today()) <= timezone.localdate(self.closed_at) + timedelta(days=REOPEN_WINDOW_DAYS)

    def reopen(self, by, reason: str):
        """The applicant is not done yet: back to work, within 15 days of closure."""
        if not reason.strip():
            raise TransitionError(gettext("Say why the request should be reopened."))

        def in_window(locked):
            if not locked.can_reopen():
                raise TransitionError(
                    gettext("A request can be reopened only within %(days)s days of closure.")
                    % {"days": REOPEN_WINDOW_DAYS}
                )

        event = self._move(
            by,
            self.MOVES["reopen"],
            self.Status.IN_PROGRESS,
            gettext("Reopened by the applicant: %(reason)s") % {"reason": reason},
            check=in_window,
            closed_at=None,
            completed_at=None,
            rating=None,
        )
        if self.assignee_id:
            title = gettext("Request %(ref)s was reopened") % {"ref": self.reference}
            notify(self.assignee, title, reason, self.get_absolute_url())
        return event

    def assign(self, by, to):
        """Hand the request to a staff member (or take it back); the new handler is told."""
        if to is None or to.community_id != self.community_id:
            raise TransitionError(gettext("Choose a staff member of this community."))
        with transaction.atomic():
            locked = self._locked()
            if locked.status in self.ENDED:
                raise TransitionError(gettext("A closed request cannot be assigned."))
            locked.assignee = to
            locked.save(update_fields=["assignee"])
            locked._event(
                by,
                gettext("Assigned to %(name)s.") % {"name": to.real_name},
                public=False,
                kind=RequestEvent.Kind.ASSIGN,
            )
            audit.record_action(locked, "assigned", {"assignee_id": [self.assignee_id, to.pk]})
        self.assignee = to
        if to != by:
            notify(
                to,
                gettext("Request %(ref)s assigned to you") % {"ref": self.reference},
                self.title,
                self.get_absolute_url(),
            )

    # --- reminders --------------------------------------------------------

    def tell_handler_overdue(self) -> None:
        """Tell the handler the request is past its due date (the daily remind_overdue and the desk's reminder)."""
        notify(
            self.assignee,
            gettext("Overdue: %(ref)s (due %(due)s)") % {"ref": self.reference, "due": f"{self.due_date:%Y-%m-%d}"},
            self.title,
            self.get_absolute_url(),
        )

    def remind(self, by) -> None:
        """Remind whoever the request waits on: the applicant of the materials still needed, or the handler of
        an overdue request. Once a day at most, a day shared with the daily remind_overdue."""
        with transaction.atomic():
            locked = self._locked()
            if locked.overdue_reminded_on == today():
                raise TransitionError(gettext("Already reminded today."))
            if locked.is_waiting:
                locked._remind_applicant(by)
            elif locked.is_overdue:
                locked._remind_handler(by)
            else:
                raise TransitionError(gettext("Only an overdue request or one waiting for materials can be reminded."))
            locked.overdue_reminded_on = today()
            locked.save(update_fields=["overdue_reminded_on"])
            audit.record_action(locked, "reminded")
        self.overdue_reminded_on = locked.overdue_reminded_on

    def _remind_applicant(self, by) -> None:
        from .tracking import is_mobile

        if not (self.applicant_id or (self.sms_updates and is_mobile(self.applicant_phone))):
            raise TransitionError(gettext("The applicant has no account and no SMS updates: phone them."))
        text = gettext("Reminder: please provide: %(materials)s") % {"materials": "；".join(self.missing_list())}
        self._event(by, text)
        self._tell_applicant(gettext("Your request %(ref)s: %(text)s") % {"ref": self.reference, "text": text})

    def _remind_handler(self, by) -> None:
        if not self.assignee_id:
            raise TransitionError(gettext("Nobody handles it yet: assign it first."))
        self.tell_handler_overdue()
        self._event(by, gettext("The handler was reminded that the request is overdue."), public=False)

    # --- steps that keep the status ---------------------------------------

    def add_note(self, by, text: str, *, public: bool, files=(), photo=None):
        """A note on the timeline (internal notes are for staff only), with materials if any."""
        if not text.strip() and not files and photo is None:
            raise TransitionError(gettext("Write something or add a file."))
        event = self._event(by, text, public=public)
        for upload in files:
            Attachment.store(self, event, upload, by)
        if photo is not None:
            event.attach_photo(photo)
        return event

    def supply_materials(self, by, text: str, files=()):
        """The applicant adds information or materials; if we were waiting for them, work resumes."""
        if self.status in self.ENDED:
            raise TransitionError(gettext("This request is closed; reopen it first."))
        with transaction.atomic():
            event = self.add_note(by, text or gettext("Materials added."), public=True, files=files)
            if self.status == self.Status.WAITING:
                self.resume(by, gettext("The applicant provided the materials."))
        if self.assignee_id and self.assignee != by:
            notify(
                self.assignee,
                gettext("New materials for %(ref)s") % {"ref": self.reference},
                text,
                self.get_absolute_url(),
            )
        return event

    def book_step(self, by, kind: str, appointment_at, note: str = "") -> HomeStep:
        """Book a home visit or a delivery with an appointment time; the resident is told.

        Refused (BookingConflict) while a pending step of this request, or of the same staff member on any
        request, falls within HomeStep.SLOT of the new time: nobody is sent to one home twice at once, nor to
        two homes at once.
        """
        if self.status in self.ENDED:
            raise TransitionError(gettext("This request is closed."))
        with transaction.atomic():
            # Two desks booking at once: the request's row, then the staff member's, serialise the checks
            # (always in this order, so two bookings never wait on each other crosswise).
            self._locked()
            get_user_model().objects.select_for_update().filter(pk=by.pk).first()
            HomeStep.check_free(self, by, appointment_at)
            step = HomeStep.objects.create(request=self, kind=kind, appointment_at=appointment_at, note=note, staff=by)
            when = timezone.localtime(appointment_at).strftime("%Y-%m-%d %H:%M")
            text = gettext("%(step)s booked for %(when)s.") % {"step": step.get_kind_display(), "when": when}
            if note:
                text = f"{text} {note}"
            self._event(by, text, kind=RequestEvent.Kind.VISIT)
        self._tell_applicant(gettext("Your request %(ref)s: %(text)s") % {"ref": self.reference, "text": text})
        return step

    def record_visit(self, by, step: HomeStep, note: str, photo=None):
        """The home visit happened: the note and photo are its proof."""
        if not note.strip():
            raise TransitionError(gettext("Describe what was done during the visit."))
        with transaction.atomic():
            locked = HomeStep.objects.select_for_update().get(pk=step.pk, request=self)
            if locked.done_at is not None:
                raise TransitionError(gettext("This visit is already recorded."))
            locked.done_at = timezone.now()
            locked.note = note
            locked.save(update_fields=["done_at", "note"])
            event = self._event(
                by,
                gettext("Home visit done: %(note)s") % {"note": note},
                kind=RequestEvent.Kind.VISIT,
            )
            if photo is not None:
                event.attach_photo(photo)
        return event

    def recount_deadline(self, before: workdays.Calendar, after: workdays.Calendar, by) -> bool:
        """The official calendar changed: keep the working days allotted, count them on the new calendar.

        Writes a public timeline note when the due date moves or stops (or starts) being provisional.
        Returns whether anything changed.
        """
        start = timezone.localdate(self.accepted_at)
        allotted = before.workdays_between(start, self.due_date)
        due = after.add_workdays(start, allotted)
        provisional = after.provisional(start, due)
        if due == self.due_date and provisional == self.due_provisional:
            return False
        values = {"day": f"{due:%Y-%m-%d}", "old": f"{self.due_date:%Y-%m-%d}"}
        if due != self.due_date:
            text = gettext("The official working-day calendar was updated: the due date is now %(day)s (was %(old)s).")
        elif provisional:
            text = gettext("The official working-day calendar was updated: the due date %(day)s is provisional.")
        else:
            text = gettext("The official working-day calendar was updated: the due date %(day)s is confirmed.")
        if provisional and due != self.due_date:
            text += " " + gettext("It stays provisional until that year's official calendar is entered.")
        type(self).objects.filter(pk=self.pk).update(due_date=due, due_provisional=provisional)
        self.due_date, self.due_provisional = due, provisional
        self._event(by, text % values)
        return True

    def record_outside_step(
        self, by, text: str, *, escalated_until: date | None = None, awaiting_meeting: bool | None = None
    ):
        """A step taken elsewhere in the portal (the joint meeting): public timeline entry, applicant told.

        `escalated_until` (when given) is the due date of the joint meeting's resolution, until which the desk's
        overdue flag waits; `awaiting_meeting` says the request is on a meeting's agenda without a decision yet.
        """
        with transaction.atomic():
            changes = {}
            if escalated_until is not None:
                changes["escalated_until"] = escalated_until
            if awaiting_meeting is not None:
                changes["awaiting_meeting"] = awaiting_meeting
            if changes:
                for name, value in changes.items():
                    setattr(self, name, value)
                type(self).objects.filter(pk=self.pk).update(**changes)
            # The joint meeting's steps are the community's public business: shown with their text to anyone.
            event = self._event(by, text, audience=RequestEvent.Audience.PUBLIC)
        self._tell_applicant(gettext("Your request %(ref)s: %(text)s") % {"ref": self.reference, "text": text[:120]})
        return event

    def set_public_view(self, by, summary: str, picture: Attachment | None) -> None:
        """What the public may see of this request (Open311): a summary staff write and at most one picture."""
        if picture is not None and (picture.request_id != self.pk or not picture.is_image):
            raise TransitionError(gettext("Choose a picture of this request."))
        with transaction.atomic():
            locked = self._locked()
            locked.public_summary = summary.strip()
            locked.save(update_fields=["public_summary"])
            for att in locked.attachments.filter(shown_publicly=True).exclude(pk=getattr(picture, "pk", None)):
                att.shown_publicly = False
                att.save(update_fields=["shown_publicly"])
            if picture is not None and not picture.shown_publicly:
                picture.shown_publicly = True
                picture.save(update_fields=["shown_publicly"])
            audit.record_action(locked, "public view", {"picture": getattr(picture, "pk", None)})
        self.public_summary = locked.public_summary

    # --- the applicant's verdict ------------------------------------------

    def can_rate(self) -> bool:
        finished = self.status in (self.Status.DELIVERED, self.Status.CLOSED) or (
            self.status == self.Status.COMPLETED and not self.needs_delivery
        )
        return finished and self.rating is None

    def rate(self, by, score: int, comment: str = "", solved: bool | None = None) -> Rating:
        """The applicant rates the finished request (好差评); a poor rating opens a follow-up."""
        with transaction.atomic():
            locked = self._locked()
            if not locked.can_rate():
                raise TransitionError(gettext("This request cannot be rated now."))
            rating = Rating.objects.create(request=locked, score=score, comment=comment, solved=solved, rated_by=by)
            locked.rating = score
            fields = ["rating"]
            if locked.status != self.Status.CLOSED:
                locked.status = self.Status.CLOSED
                locked.closed_at = timezone.now()
                fields += ["status", "closed_at"]
            locked.save(update_fields=fields)
            if "status" in fields:
                locked._finished()
            text = gettext("Rated “%(score)s”.") % {"score": rating.get_score_display()}
            locked._event(by, f"{text} {comment}".strip(), kind=RequestEvent.Kind.RATING, status=locked.status)
            if score <= Rating.Score.DISSATISFIED:
                FollowUp.open_for(rating)
        for name in fields:
            setattr(self, name, getattr(locked, name))
        return rating


class StatusCount(models.Model):
    """How many of a community's requests are in one status: the desk's counts, without reading every row.

    Kept by database triggers (migration services 0005) in the same statement as every insert, status
    change or delete of a request, whatever writes it (a workflow step, a bulk insert, a restore): the
    count moves under the row lock of that write, so concurrent steps can neither lose nor double a move.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=ServiceRequest.Status.choices)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "status"], name="status_count_one_per_status")]

    def __str__(self) -> str:
        return f"{self.community_id} {self.status}: {self.n}"

    @classmethod
    def for_community(cls, community_id: int) -> dict[str, int]:
        return dict(cls.objects.filter(community_id=community_id).values_list("status", "n"))


class RequestEvent(ChoiceLabels, models.Model):
    """One line of a request's timeline: a status change, a note, a visit, a rating."""

    class Audience(models.TextChoices):
        INTERNAL = "internal", _("Staff only")
        APPLICANT = "applicant", _("The applicant")
        PUBLIC = "public", _("Anyone tracking the request")

    class Kind(models.TextChoices):
        STATUS = "status", _("Status change")
        NOTE = "note", _("Note")
        ASSIGN = "assign", _("Assignment")
        VISIT = "visit", _("Home visit or delivery")
        RATING = "rating", _("Rating")

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    status = models.CharField(_("new status"), max_length=12, choices=ServiceRequest.Status.choices, blank=True)
    public = models.BooleanField(_("visible to the applicant"), default=True)
    # Who sees the step: staff only, the applicant (portal, or their signed tracking link), or anyone with
    # the reference and the phone's last digits. `public` above stays in step: visible to the applicant.
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.APPLICANT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="services/proof/%Y/%m/", blank=True)
    thumbnail = models.ImageField(upload_to="services/proof/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"])]

    def __str__(self) -> str:
        return f"{self.request_id} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self.public:
            self.audience = self.Audience.INTERNAL
        self.public = self.audience != self.Audience.INTERNAL
        super().save(*args, **kwargs)

    def attach_photo(self, clean) -> None:
        """Save a CleanImage (re-encoded, no EXIF) as this entry's proof photo."""
        clean.store(self.photo, self.thumbnail)
        self.save(update_fields=["photo", "thumbnail"])


class Attachment(models.Model):
    """A photo or document the applicant or staff added to a request."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(RequestEvent, on_delete=models.CASCADE, null=True, related_name="attachments")
    file = models.FileField(_("file"), upload_to="services/files/%Y/%m/")
    thumbnail = models.ImageField(upload_to="services/files/%Y/%m/", blank=True)
    name = models.CharField(_("file name"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    shown_publicly = models.BooleanField(_("picture shown publicly"), default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return bool(self.thumbnail)

    @classmethod
    def store(cls, request: ServiceRequest, event: RequestEvent | None, upload, by) -> Attachment:
        """Save an upload: a CleanImage (photo) with its thumbnail, or a checked document."""
        att = cls(request=request, event=event, uploaded_by=by if getattr(by, "pk", None) else None)
        if hasattr(upload, "thumbnail"):
            att.name = upload.image.name[:120]
            upload.store(att.file, att.thumbnail)
        else:
            att.name = (upload.name or "file")[-120:]
            att.file.save(upload.name, upload, save=False)
        att.save()
        return att


class HomeStep(ChoiceLabels, models.Model):
    """A home visit (上门办理) or a delivery to the home (送达上门), with its appointment."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Home visit")
        DELIVERY = "delivery", _("Home delivery")

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    appointment_at = models.DateTimeField(_("appointment"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    # How long a visit or delivery keeps its staff member (and the home) busy: bookings closer than this clash.
    SLOT = timedelta(hours=1)

    class Meta:
        verbose_name = _("home visit or delivery")
        verbose_name_plural = _("home visits and deliveries")
        ordering = ["appointment_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.local_time}"

    @classmethod
    def check_free(cls, request: ServiceRequest, staff, appointment_at) -> None:
        """Raise BookingConflict if a pending step of the request or of the staff member overlaps the slot.

        Steps of ended requests (closed, rejected) no longer hold their hour: nobody will go.
        """
        near = (
            cls.objects.filter(
                done_at__isnull=True,
                appointment_at__gt=appointment_at - cls.SLOT,
                appointment_at__lt=appointment_at + cls.SLOT,
            )
            .exclude(request__status__in=ServiceRequest.ENDED)
            .select_related("request")
        )
        same_home = near.filter(request=request).first()
        if same_home is not None:
            raise BookingConflict(
                gettext("%(step)s is already booked for this request at %(when)s.")
                % {"step": same_home.get_kind_display(), "when": same_home.local_time}
            )
        busy = near.filter(staff=staff).first()
        if busy is not None:
            raise BookingConflict(
                gettext("You are already booked for %(ref)s at %(when)s.")
                % {"ref": busy.request.reference, "when": busy.local_time}
            )

    @property
    def local_time(self) -> str:
        return f"{timezone.localtime(self.appointment_at):%Y-%m-%d %H:%M}"


class Rating(ChoiceLabels, models.Model):
    """The applicant's rating on the national 好差评 scale."""

    class Score(models.IntegerChoices):
        VERY_SATISFIED = 5, _("Very satisfied")
        SATISFIED = 4, _("Satisfied")
        BASICALLY_SATISFIED = 3, _("Basically satisfied")
        DISSATISFIED = 2, _("Dissatisfied")
        VERY_DISSATISFIED = 1, _("Very dissatisfied")

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(_("rating"), choices=Score.choices)
    comment = models.TextField(_("comment"), blank=True)
    # The hotline convention's 解决率 counts this answer, not the desk's own "completed" status.
    solved = models.BooleanField(_("problem solved"), null=True, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.get_score_display()}"


class FollowUp(ChoiceLabels, models.Model):
    """A follow-up call and correction (回访整改) after a poor rating, owned by an admin."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="follow_ups")
    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="follow_up")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("what was done"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["community", "status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.request} {self.get_status_display()}"

    @classmethod
    def open_for(cls, rating: Rating) -> FollowUp:
        from portal.access import ADMIN_GROUP

        req = rating.request
        owner = req.community.users.filter(groups__name=ADMIN_GROUP, is_active=True).order_by("pk").first()
        follow_up = cls.objects.create(
            community_id=req.community_id,
            request=req,
            rating=rating,
            owner=owner,
            due_date=workdays.add_workdays(today(), FOLLOW_UP_DAYS),
        )
        req._event(
            None,
            gettext("Follow-up opened after a poor rating."),
            public=False,
            kind=RequestEvent.Kind.NOTE,
        )
        if owner is not None:
            notify(
                owner,
                gettext("Follow-up needed: %(ref)s rated “%(score)s”")
                % {"ref": req.reference, "score": rating.get_score_display()},
                rating.comment,
                req.get_absolute_url(),
            )
        return follow_up

    def resolve(self, by, resolution: str) -> None:
        if not resolution.strip():
            raise TransitionError(gettext("Describe what was done."))
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.status != self.Status.OPEN:
                raise TransitionError(gettext("This follow-up is already resolved."))
            locked.status = self.Status.RESOLVED
            locked.resolution = resolution
            locked.resolved_at = timezone.now()
            locked.save(update_fields=["status", "resolution", "resolved_at"])
            self.request._event(
                by, gettext("Follow-up done: %(text)s") % {"text": resolution}, kind=RequestEvent.Kind.NOTE
            )
            audit.record_action(locked, "resolved")
        self.status, self.resolution, self.resolved_at = locked.status, locked.resolution, locked.resolved_at


# Open311's own models live beside their API; they belong to this app.
from .open311.models import ApiClient, ApiSubmission, ServiceAttribute  # noqa: E402, F401
