"""Meetings of the big committee: cadence, agenda, attendance, minutes, resolutions."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from members.models import CommitteeSeat, Unit
from portal import audit
from portal.choices import ChoiceLabels
from portal.models import Community
from portal.versioning import lock_version, version_field
from services.models import ServiceRequest


class TransitionError(Exception):
    """A state change that is not allowed from the current state."""


def month_period(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def quarter_period(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


QUARTER_LABELS = {
    "1": _("Q1 %(year)s"),
    "2": _("Q2 %(year)s"),
    "3": _("Q3 %(year)s"),
    "4": _("Q4 %(year)s"),
}


def period_label(period: str) -> str:
    """How a period reads wherever it is shown: 2026-Q3 → 2026年第三季度 (Q3 2026), 2026-12 → 2026年12月."""
    year, _sep, rest = (period or "").partition("-")
    if not (year.isdigit() and rest):
        return period or ""
    if rest[0] == "Q" and rest[1:] in QUARTER_LABELS:
        return str(QUARTER_LABELS[rest[1:]]) % {"year": year}
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return date_format(date(int(year), int(rest), 1), "YEAR_MONTH_FORMAT")
    return period


class MeetingQuerySet(models.QuerySet):
    def regular(self):
        return self.filter(kind__in=Meeting.REGULAR_KINDS)

    def with_counts(self):
        return self.annotate(
            n_agenda=Count("agenda_items", distinct=True), n_resolutions=Count("resolutions", distinct=True)
        )


class Meeting(ChoiceLabels, models.Model):
    """One meeting of the big committee: planned, then held and closed, or cancelled."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly committee meeting")
        QUARTERLY = "quarterly", _("Quarterly joint meeting")
        ADHOC = "adhoc", _("Ad-hoc meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    REGULAR_KINDS = (Kind.MONTHLY, Kind.QUARTERLY)

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    period = models.CharField(
        _("period"),
        max_length=7,
        blank=True,
        help_text=_("2026-11 for a month, 2026-Q4 for a quarter; blank if ad hoc."),
    )
    title = models.CharField(_("title"), max_length=150, blank=True)
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(pgettext_lazy("meeting", "place"), max_length=150)
    convener = models.CharField(_("convener"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("meeting", "closed at"), null=True, blank=True)
    # Kept up to date by Attendance.mark so lists show quorum without a query per row.
    seat_count = models.PositiveIntegerField(_("active seats"), default=0)
    present_count = models.PositiveIntegerField(_("present"), default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("For staff only; never shown with the published minutes.")
    )
    minutes_status = models.CharField(
        _("minutes status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    sign_in_sheet = models.ImageField(_("sign-in sheet"), upload_to="meetings/sheets/%Y/", blank=True)
    sign_in_sheet_thumb = models.ImageField(upload_to="meetings/sheets/%Y/", blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Calendar feeds carry these as SEQUENCE and LAST-MODIFIED, so a subscribed calendar replaces its copy
    # of the event when the time, place, title or status changes (RFC 5545, 3.8.7.4).
    schedule_sequence = models.PositiveIntegerField(_("schedule revision"), default=0, editable=False)
    schedule_changed_at = models.DateTimeField(_("schedule changed at"), default=timezone.now, editable=False)

    objects = MeetingQuerySet.as_manager()
    SCHEDULE_FIELDS = ("starts_at", "place", "title", "status")

    # Edits of the meeting and of its draft minutes check it (portal/versioning.py).
    version = version_field()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["community", "-starts_at"])]
        constraints = [
            # One monthly meeting per month, one quarterly meeting per quarter, per community.
            # A cancelled meeting does not hold its period: a replacement can be planned.
            models.UniqueConstraint(
                fields=["community", "kind", "period"],
                condition=Q(kind__in=["monthly", "quarterly"]) & ~Q(status="cancelled"),
                name="meeting_one_per_period",
            ),
            models.CheckConstraint(
                condition=Q(kind="adhoc", period="") | (~Q(kind="adhoc") & ~Q(period="")),
                name="meeting_period_only_for_regular_kinds",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs):
        before = getattr(self, "_schedule_loaded", None)
        now = self._schedule()
        if before is not None and now is not None and before != now:
            self.schedule_sequence += 1
            self.schedule_changed_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "schedule_sequence", "schedule_changed_at"}
        super().save(*args, **kwargs)
        self._schedule_loaded = self._schedule()

    @classmethod
    def from_db(cls, db, field_names, values):
        meeting = super().from_db(db, field_names, values)
        meeting._schedule_loaded = meeting._schedule()
        return meeting

    def _schedule(self) -> tuple | None:
        loaded = self.__dict__
        if not all(name in loaded for name in self.SCHEDULE_FIELDS):
            return None  # a partial load (only()) cannot tell what changed
        return tuple(loaded[name] for name in self.SCHEDULE_FIELDS)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.kind == self.Kind.ADHOC:
            return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"
        return f"{self.period_label} {self.get_kind_display()}"

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    # --- quorum -----------------------------------------------------------
    @property
    def has_quorum(self) -> bool:
        """More than half of the active seats present; exactly half is not enough."""
        return self.seat_count > 0 and self.present_count * 2 > self.seat_count

    @property
    def quorum_needed(self) -> int:
        return self.seat_count // 2 + 1

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.HELD and self.closed_at is None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def minutes_public(self) -> bool:
        return self.minutes_status == self.MinutesStatus.PUBLISHED

    # --- what may happen next: the steps below check these, and the pages ask them -----------
    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def can_open(self) -> bool:
        """A planned meeting can be opened (or cancelled)."""
        return self.is_planned

    can_cancel = can_open

    @property
    def can_edit(self) -> bool:
        """Its facts and agenda change until it is closed or cancelled."""
        return not self.is_closed and not self.is_cancelled

    @property
    def minutes_editable(self) -> bool:
        return self.minutes_status == self.MinutesStatus.DRAFT

    @property
    def can_write_minutes(self) -> bool:
        return self.is_closed and self.minutes_editable

    @property
    def can_approve_minutes(self) -> bool:
        return self.is_closed and self.minutes_editable

    @property
    def can_publish_minutes(self) -> bool:
        return self.minutes_status == self.MinutesStatus.APPROVED

    can_return_minutes = can_publish_minutes

    @property
    def minutes_shown_to_members(self) -> bool:
        """Members see minutes once approved; staff see the draft of a held meeting too."""
        return self.minutes_public or (self.is_held and not self.minutes_editable)

    def recount(self) -> None:
        """Refresh the stored seat and presence counts from the attendance rows."""
        counts = self.attendance.aggregate(
            seats=Count("id"), present=Count("id", filter=Q(status__in=Attendance.PRESENT))
        )
        self.seat_count, self.present_count = counts["seats"], counts["present"]
        self.save(update_fields=["seat_count", "present_count"])

    def active_seats(self):
        return CommitteeSeat.objects.active(on=timezone.localdate(self.starts_at)).filter(community=self.community)

    def sync_attendance(self) -> None:
        """One attendance row for every seat active on the meeting day."""
        have = set(self.attendance.values_list("seat_id", flat=True))
        Attendance.objects.bulk_create(
            [
                Attendance(community=self.community, meeting=self, seat=seat)
                for seat in self.active_seats()
                if seat.pk not in have
            ]
        )
        self.recount()

    # --- matters arising ----------------------------------------------------
    def carry_over_open_resolutions(self) -> None:
        """Put every open resolution of earlier meetings at the head of this agenda (and only those)."""
        if self.is_closed:
            return
        carried = {item.source_resolution_id: item for item in self.agenda_items.filter(source_kind="resolution")}
        open_ids = list(
            Resolution.objects.filter(
                community=self.community,
                status__in=Resolution.OPEN_STATES,
                meeting__starts_at__lt=self.starts_at,
                meeting__status=Meeting.Status.HELD,
            )
            .order_by("meeting__starts_at", "number")
            .values_list("id", flat=True)
        )
        stale = [item.pk for rid, item in carried.items() if rid not in open_ids]
        AgendaItem.objects.filter(pk__in=stale).delete()
        new = [rid for rid in open_ids if rid not in carried]
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    community=self.community,
                    meeting=self,
                    order=0,
                    title="",
                    source_kind=AgendaItem.SourceKind.RESOLUTION,
                    source_resolution_id=rid,
                )
                for rid in new
            ]
        )

    # --- workflow -------------------------------------------------------------
    def _locked(self) -> Meeting:
        return Meeting.objects.select_for_update().get(pk=self.pk)

    def _apply(self, fresh: Meeting, fields: list[str]) -> None:
        for name in fields:
            setattr(self, name, getattr(fresh, name))

    def period_of(self, moment) -> str:
        """The period a meeting of this kind held at `moment` belongs to ("" if ad hoc)."""
        day = timezone.localdate(moment)
        if self.kind == self.Kind.MONTHLY:
            return month_period(day)
        return quarter_period(day) if self.kind == self.Kind.QUARTERLY else ""

    def open(self, by) -> None:
        """Start logging the meeting: the actual date is recorded, attendance rows made, matters carried over."""
        with transaction.atomic():
            fresh = self._locked()
            if not fresh.can_open:
                raise TransitionError(_("Only a planned meeting can be opened."))
            now = timezone.now()
            # Held on another day than planned: the record carries the actual date, and its period follows.
            period = fresh.period_of(now)
            taken = Meeting.objects.filter(community_id=fresh.community_id, kind=fresh.kind, period=period)
            if period and period != fresh.period and taken.exclude(status=self.Status.CANCELLED).exists():
                raise TransitionError(
                    _("There is already a meeting of this kind for %(period)s; hold that one instead.")
                    % {"period": period_label(period)}
                )
            planned = fresh.starts_at
            fresh.status, fresh.opened_at, fresh.starts_at, fresh.period = self.Status.HELD, now, now, period
            fresh.save(update_fields=["status", "opened_at", "starts_at", "period"])
            self._apply(fresh, ["status", "opened_at", "starts_at", "period"])
            self.sync_attendance()
            self.carry_over_open_resolutions()
            audit.record_action(self, "opened", {"starts_at": [planned, now]})

    def cancel(self, by) -> None:
        with transaction.atomic():
            fresh = self._locked()
            if not fresh.can_cancel:
                raise TransitionError(_("Only a planned meeting can be cancelled."))
            fresh.status = self.Status.CANCELLED
            fresh.save(update_fields=["status"])
            self._apply(fresh, ["status"])
            self.agenda_items.filter(source_kind=AgendaItem.SourceKind.RESOLUTION).delete()
            audit.record_action(self, "cancelled")

    def close(self, by) -> None:
        """Finish the record; attendance and resolutions are fixed from here on."""
        with transaction.atomic():
            fresh = self._locked()
            if not fresh.is_open:
                raise TransitionError(_("Only a meeting that is being held can be closed."))
            if fresh.attendance.filter(status=Attendance.Status.UNRECORDED).exists():
                raise TransitionError(_("Record the attendance of every seat before closing the meeting."))
            fresh.closed_at = timezone.now()
            fresh.save(update_fields=["closed_at"])
            self._apply(fresh, ["closed_at"])
            self._keep_matters_arising()
            audit.record_action(self, "closed", {"quorum": self.has_quorum})
        # Planned meetings that come later now carry this meeting's open resolutions.
        for later in Meeting.objects.filter(
            community=self.community, status=self.Status.PLANNED, starts_at__gt=self.starts_at
        ):
            later.carry_over_open_resolutions()
        self._tell_lead_units()

    def _keep_matters_arising(self) -> None:
        """Freeze the status and progress each carried-over resolution had when the meeting heard it."""
        items = list(self.agenda_items.filter(source_kind="resolution").select_related("source_resolution"))
        for item in items:
            item.status_at_meeting = item.source_resolution.status
            item.progress_at_meeting = item.source_resolution.progress
        AgendaItem.objects.bulk_update(items, ["status_at_meeting", "progress_at_meeting"])

    def _tell_lead_units(self) -> None:
        """Each seat holder with a login hears of the resolutions their unit now leads."""
        from portal.notify import notify

        day = timezone.localdate(self.starts_at)
        for resolution in self.resolutions.select_related("lead_unit"):
            seats = CommitteeSeat.objects.active(on=day).filter(unit=resolution.lead_unit, user__isnull=False)
            for seat in seats.select_related("user"):
                notify(
                    seat.user,
                    _("Your unit leads a new resolution: %(text)s") % {"text": resolution.text[:80]},
                    _("Due %(due)s. Report progress under Meetings → Follow resolutions.")
                    % {"due": resolution.due_date.isoformat()},
                    url=reverse("meetings:follow"),
                )

    def save_minutes(self, by, expected_version: int | None, *, minutes: str, internal_notes: str) -> None:
        """Save the draft minutes: EditConflict if someone saved the meeting after `expected_version` was read."""
        with transaction.atomic():
            fresh = lock_version(self, expected_version)
            if not fresh.minutes_editable:
                raise TransitionError(_("Only draft minutes can be edited."))
            self.minutes, self.internal_notes = minutes, internal_notes
            self.save(update_fields=["minutes", "internal_notes", "version"])

    def approve_minutes(self, by) -> None:
        with transaction.atomic():
            fresh = self._locked()
            if not fresh.is_closed:
                raise TransitionError(_("Close the meeting before approving its minutes."))
            if not fresh.minutes_editable:
                raise TransitionError(_("Only draft minutes can be approved."))
            if not fresh.minutes.strip():
                raise TransitionError(_("The minutes are empty."))
            fresh.minutes_status, fresh.minutes_approved_by = self.MinutesStatus.APPROVED, by
            fresh.save(update_fields=["minutes_status", "minutes_approved_by"])
            self._apply(fresh, ["minutes_status", "minutes_approved_by"])
            audit.record_action(self, "minutes approved")

    def publish_minutes(self, by) -> None:
        with transaction.atomic():
            fresh = self._locked()
            if not fresh.can_publish_minutes:
                raise TransitionError(_("Only approved minutes can be published."))
            fresh.minutes_status, fresh.minutes_published_at = self.MinutesStatus.PUBLISHED, timezone.now()
            fresh.save(update_fields=["minutes_status", "minutes_published_at"])
            self._apply(fresh, ["minutes_status", "minutes_published_at"])
            audit.record_action(self, "minutes published")

    def return_minutes(self, by) -> None:
        """Send approved minutes back to draft for corrections (published ones stay published)."""
        with transaction.atomic():
            fresh = self._locked()
            if not fresh.can_return_minutes:
                raise TransitionError(_("Only approved minutes can be sent back to draft."))
            fresh.minutes_status, fresh.minutes_approved_by = self.MinutesStatus.DRAFT, None
            fresh.save(update_fields=["minutes_status", "minutes_approved_by"])
            self._apply(fresh, ["minutes_status", "minutes_approved_by"])
            audit.record_action(self, "minutes returned to draft")

    # --- content ------------------------------------------------------------
    def add_agenda_item(self, item: AgendaItem) -> AgendaItem:
        if not self.can_edit:
            raise TransitionError(_("The agenda of a closed or cancelled meeting cannot change."))
        last = self.agenda_items.aggregate(m=models.Max("order"))["m"] or 0
        item.community_id, item.meeting, item.order = self.community_id, self, last + 1
        item.save()
        return item

    def add_resolution(self, resolution: Resolution, co_units=()) -> Resolution:
        """Record a decision of this meeting while it is being held."""
        with transaction.atomic():
            fresh = self._locked()
            if not fresh.is_open:
                raise TransitionError(_("Resolutions are recorded while the meeting is being held."))
            last = fresh.resolutions.aggregate(m=models.Max("number"))["m"] or 0
            resolution.community_id, resolution.meeting, resolution.number = self.community_id, fresh, last + 1
            resolution.save()
            resolution.co_units.set(co_units)
        return resolution


class MeetingPhoto(models.Model):
    """A photo taken at a meeting (re-encoded on upload, EXIF and GPS removed)."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="meetings/photos/%Y/")
    thumbnail = models.ImageField(upload_to="meetings/photos/%Y/")
    caption = models.CharField(_("caption"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.caption or f"{self.meeting} #{self.pk}"


class Attendance(ChoiceLabels, models.Model):
    """Whether one seat was at one meeting (出席, 请假, 缺席, 委托)."""

    class Status(models.TextChoices):
        UNRECORDED = "", _("Not recorded")
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")
        PROXY = "proxy", _("Represented by a delegate")

    PRESENT = (Status.PRESENT, Status.PROXY)  # a delegate counts towards the quorum

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(CommitteeSeat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, blank=True, default="")
    delegate = models.CharField(_("delegate"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "seat__unit__name", "seat__holder_name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "seat"], name="attendance_one_per_seat")]

    def __str__(self) -> str:
        return f"{self.seat.holder_name}: {self.get_status_display()}"

    @property
    def marks(self) -> list[tuple[str, str, bool]]:
        """The marks a seat can be given (value, label, whether it holds now), for the one-tap buttons."""
        return [(value, label, value == self.status) for value, label in self.Status.choices if value]

    def mark(self, status: str, delegate: str = "", note: str | None = None) -> None:
        """Record one seat's attendance while the meeting is being held; updates the quorum."""
        if status not in self.Status.values or status == self.Status.UNRECORDED:
            raise TransitionError(_("Choose one of the attendance options."))
        delegate = (delegate or "").strip()
        if status == self.Status.PROXY and not delegate:
            raise TransitionError(_("Give the name of the delegate."))
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=self.meeting_id)
            if not meeting.is_open:
                raise TransitionError(_("Attendance can only be changed while the meeting is being held."))
            self.status = status
            self.delegate = delegate if status == self.Status.PROXY else ""
            fields = ["status", "delegate"]
            if note is not None:
                self.note = note.strip()[:200]
                fields.append("note")
            self.save(update_fields=fields)
            meeting.recount()
            self.meeting = meeting


class AgendaItem(models.Model):
    """One item (议题) on a meeting's agenda; carried-over resolutions come first."""

    class SourceKind(models.TextChoices):
        NONE = "", _("New item")
        RESOLUTION = "resolution", _("Carried-over resolution")
        REQUEST = "request", _("Request escalated by the desk")  # see escalation.py

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200, blank=True)
    details = models.TextField(_("details"), blank=True)
    proposing_unit = models.ForeignKey(
        Unit, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices, blank=True, default="")
    source_resolution = models.ForeignKey(
        "Resolution",
        verbose_name=_("carried-over resolution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="carried_onto",
    )
    # What the meeting heard about a carried-over resolution, kept when the meeting closes.
    status_at_meeting = models.CharField(_("status at the meeting"), max_length=12, blank=True)
    progress_at_meeting = models.PositiveSmallIntegerField(_("progress at the meeting (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        if self.source_resolution_id:
            return str(self.source_resolution)
        return self.title

    @property
    def is_matter_arising(self) -> bool:
        return self.source_kind == self.SourceKind.RESOLUTION

    def get_status_at_meeting_display(self) -> str:
        return Resolution.Status(self.status_at_meeting).label if self.status_at_meeting else ""


class ResolutionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(
            is_public=True,
            meeting__minutes_status=Meeting.MinutesStatus.PUBLISHED,
        )

    def for_unit(self, unit_ids):
        return self.filter(Q(lead_unit_id__in=unit_ids) | Q(co_units__in=unit_ids)).distinct()

    def overdue(self, today: date | None = None):
        return self.filter(status__in=Resolution.OPEN_STATES, due_date__lt=today or timezone.localdate())


class Resolution(ChoiceLabels, models.Model):
    """A decision (议定事项) of a meeting, followed by its lead unit until done."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("resolution", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("resolution", "In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATES = (Status.OPEN, Status.IN_PROGRESS)

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="resolutions"
    )
    number = models.PositiveIntegerField(_("number"), default=1)
    text = models.TextField(_("resolution"))
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_resolutions"
    )
    co_units = models.ManyToManyField(
        Unit, verbose_name=_("co-operating units"), blank=True, related_name="co_resolutions"
    )
    owner = models.CharField(_("owner"), max_length=50)
    due_date = models.DateField(pgettext_lazy("resolution", "due date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public list once the minutes are published.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Bumped by every revision of the wording: a second editor is told (portal/versioning.py).
    version = version_field()

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-meeting__starts_at", "number", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="resolution_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def validly_adopted(self) -> bool:
        return self.meeting.has_quorum

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_dropped(self) -> bool:
        return self.status == self.Status.DROPPED

    @property
    def is_in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    EDITABLE_FIELDS = ("text", "lead_unit", "owner", "due_date", "is_public")

    def revise(self, by, expected_version: int | None, co_units=None, **changes) -> None:
        """Correct the wording, units, owner or due date of an open resolution.

        Raises EditConflict when someone else revised it after `expected_version` was read.
        """
        unknown = set(changes) - set(self.EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        with transaction.atomic():
            fresh = lock_version(self, expected_version)
            if not fresh.is_open:
                raise TransitionError(_("Only an open resolution can be changed."))
            for name, value in changes.items():
                setattr(self, name, value)
            # Status and progress belong to progress reports: never written back from an edit form.
            self.status, self.progress = fresh.status, fresh.progress
            self.save(update_fields=[*changes, "version"])
            if co_units is not None:
                self.co_units.set(co_units)
            if "due_date" in changes:
                Escalation.follow_due_date(self)

    def post_progress(self, by, text: str, progress: int, status: str | None = None) -> ResolutionUpdate:
        """A dated progress report; moves open → in progress, or to done/dropped when asked."""
        text = (text or "").strip()
        if not text:
            raise TransitionError(_("Describe the progress."))
        if not 0 <= progress <= 100:
            raise TransitionError(_("Progress is a percentage from 0 to 100."))
        with transaction.atomic():
            fresh = Resolution.objects.select_for_update().get(pk=self.pk)
            if not fresh.is_open:
                raise TransitionError(_("This resolution is no longer open."))
            new_status = status or self.Status.IN_PROGRESS
            if new_status not in (self.Status.IN_PROGRESS, self.Status.DONE, self.Status.DROPPED):
                raise TransitionError(_("Choose a valid status."))
            if new_status == self.Status.DONE:
                progress = 100
            update = ResolutionUpdate.objects.create(
                community_id=fresh.community_id,
                resolution=fresh,
                text=text,
                progress=progress,
                status=new_status,
                author=by,
            )
            fresh.status, fresh.progress = new_status, progress
            fresh.save(update_fields=["status", "progress"])
            self.status, self.progress = fresh.status, fresh.progress
            audit.record_action(self, f"progress {progress}%")
            Escalation.tell_progress(update)
        return update


class ResolutionUpdate(ChoiceLabels, models.Model):
    """A dated progress report on a resolution."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="updates"
    )
    text = models.TextField(_("progress report"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.CharField(_("status"), max_length=12, choices=Resolution.Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("progress report", "author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("resolution progress")
        verbose_name_plural = _("resolution progress")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.progress}%"


class CalendarFeed(models.Model):
    """A user's private calendar feed: whoever has the token sees their meetings."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="meeting_feed"
    )
    calendar_token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"

    @classmethod
    def regenerate(cls, user) -> CalendarFeed:
        """A fresh token; the old one stops working at once."""
        feed, _created = cls.objects.update_or_create(
            user=user, defaults={"calendar_token": secrets.token_urlsafe(32), "created_at": timezone.now()}
        )
        return feed

    @classmethod
    def revoke(cls, user) -> None:
        cls.objects.filter(user=user).delete()


def next_periods(kind: str, start: date, count: int) -> list[tuple[str, date]]:
    """The next `count` periods of a regular kind from `start`: (period, first day)."""
    step = 1 if kind == Meeting.Kind.MONTHLY else 3
    month = start.month if step == 1 else (start.month - 1) // 3 * 3 + 1
    year, out = start.year, []
    for _i in range(count):
        first = date(year, month, 1)
        out.append((month_period(first) if step == 1 else quarter_period(first), first))
        month += step
        if month > 12:
            month, year = month - 12, year + 1
    return out


def past_periods(kind: str, today: date, count: int) -> list[str]:
    """The `count` whole periods before the current one, most recent first."""
    step = 1 if kind == Meeting.Kind.MONTHLY else 3
    first = date(today.year, today.month if step == 1 else (today.month - 1) // 3 * 3 + 1, 1)
    out = []
    for _i in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        if step == 3:
            first = date(first.year, (first.month - 1) // 3 * 3 + 1, 1)
        out.append(month_period(first) if step == 1 else quarter_period(first))
    return out


# --- the escalation loop (DESIGN §5.4): a service request put before a joint meeting --------------------------
# The steps are in meetings/escalation.py; what follows from them (progress reaching the request, a moved due
# date, the loop closing) is here, called by name where it happens.


class EscalationError(TransitionError):
    """An escalation step that is not possible now."""


class Escalation(models.Model):
    """A service request put before a joint meeting, and the resolution adopted for it."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    request = models.OneToOneField(
        ServiceRequest, verbose_name=_("service request"), on_delete=models.CASCADE, related_name="escalation"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="escalations"
    )
    agenda_item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="escalation"
    )
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
    )
    reason = models.TextField(_("reason for escalation"))
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("escalated by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("escalated at"), default=timezone.now)
    # Set when the request is completed: the loop is closed on both sides.
    closed_at = models.DateTimeField(_("loop closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("escalation to the joint meeting")
        verbose_name_plural = _("escalations to the joint meeting")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "created_at"])]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.meeting_id}"

    @property
    def can_move(self) -> bool:
        """No decision yet and its meeting was cancelled or closed: it may go to another meeting."""
        ended = self.meeting.is_cancelled or self.meeting.is_closed
        return self.resolution_id is None and self.closed_at is None and ended

    @classmethod
    def tell_progress(cls, update: ResolutionUpdate) -> None:
        """A resolution's progress report goes on the public timeline of each request it was adopted for."""
        escalations = cls.objects.filter(resolution_id=update.resolution_id, closed_at__isnull=True)
        for escalation in escalations.select_related("request__assignee", "request__applicant", "request__item"):
            req = escalation.request
            text = gettext("Progress of the joint meeting's resolution: %(progress)s%% (%(status)s). %(text)s") % {
                "progress": update.progress,
                "status": update.get_status_display(),
                "text": update.text,
            }
            req.record_outside_step(update.author, text)
            if update.status in (Resolution.Status.DONE, Resolution.Status.DROPPED) and req.assignee_id:
                escalation._prompt_handler(update)

    def _prompt_handler(self, update: ResolutionUpdate) -> None:
        from portal.notify import notify

        req = self.request
        if update.status == Resolution.Status.DONE:
            title = gettext("Resolution done: please complete request %(ref)s") % {"ref": req.reference}
        else:
            title = gettext("Resolution dropped: decide what to do with request %(ref)s") % {"ref": req.reference}
        notify(req.assignee, title, update.text, req.get_absolute_url())

    @classmethod
    def follow_due_date(cls, resolution: Resolution) -> None:
        """A resolution's new due date is the date until which its requests are not overdue."""
        ServiceRequest.objects.filter(escalation__resolution=resolution, escalation__closed_at__isnull=True).exclude(
            escalated_until=resolution.due_date
        ).update(escalated_until=resolution.due_date)

    @classmethod
    def close_loop(cls, req: ServiceRequest) -> None:
        """The escalated request is finished: its escalation is closed (the meeting side sees the outcome)."""
        if req.escalated_until is not None or req.awaiting_meeting:
            cls.objects.filter(request_id=req.pk, closed_at__isnull=True).update(closed_at=timezone.now())
