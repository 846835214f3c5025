"""The big-committee roster: member units, committee seats, party members,
co-building agreements and their commitments, posts, activities and hours."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import audit
from portal.choices import ChoiceLabels
from portal.models import Community, mask_phone
from portal.versioning import version_field


class RosterError(Exception):
    """A roster change that is not allowed in the record's current state."""


class Unit(ChoiceLabels, models.Model):
    """A member unit of the big party committee (驻区单位 / 成员单位)."""

    class Kind(models.TextChoices):
        ORGAN = "organ", _("Government organ")
        INSTITUTION = "institution", _("Public institution")
        STATE_FIRM = "state_firm", _("State-owned enterprise")
        PRIVATE_FIRM = "private_firm", _("Non-public enterprise")
        SOCIAL_ORG = "social_org", _("Social organization")
        COMMUNITY = "community", _("The community itself")

    class OrgLevel(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        GENERAL_BRANCH = "general_branch", _("General party branch")
        BRANCH = "branch", _("Party branch")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    party_org_name = models.CharField(_("party organization"), max_length=120, blank=True)
    party_org_level = models.CharField(
        _("party organization level"), max_length=20, choices=OrgLevel.choices, default=OrgLevel.BRANCH
    )
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    joined_on = models.DateField(_("joined the big committee on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    # Edit forms check it: a second editor is told, never silently overwrites (portal/versioning.py).
    version = version_field()

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="unit_name_unique_per_community")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:unit_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()


class SeatQuerySet(models.QuerySet):
    def active(self, on=None):
        """Seats whose term covers the given day (today by default)."""
        day = on or timezone.localdate()
        return self.filter(Q(term_start__lte=day), Q(term_end__isnull=True) | Q(term_end__gte=day))


class CommitteeSeat(models.Model):
    """One person's seat on the big committee for one term.

    A changed holder ends this row (term_end) and starts another, so the
    history of who sat for a unit is kept. Attendance and quorum count seats.
    """

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY = "deputy", _("Deputy secretary")
        MEMBER = "member", _("Committee member")

    ROLE_ORDER = {Role.SECRETARY: 0, Role.DEPUTY: 1, Role.MEMBER: 2}

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="committee_seats"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="seats")
    holder_name = models.CharField(_("holder"), max_length=50)
    holder_title = models.CharField(_("position in the unit"), max_length=80, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_seats",
    )
    role = models.CharField(_("committee role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term to"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    # Edit forms check it: a second editor is told, never silently overwrites (portal/versioning.py).
    version = version_field()

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["community", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="seat_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} ({self.get_role_display()}, {self.unit})"

    @property
    def role_rank(self) -> int:
        return self.ROLE_ORDER.get(self.role, 9)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.term_start <= today and (self.term_end is None or self.term_end >= today)

    def hand_over(self, *, holder_name: str, on: date, holder_title: str = "", user=None) -> "CommitteeSeat":
        """End this holder's term the day before `on` and start the new holder's row."""
        with transaction.atomic():
            seat = CommitteeSeat.objects.select_for_update().get(pk=self.pk)
            if seat.term_end is not None and seat.term_end < on:
                raise RosterError(_("This seat's term has already ended; add a new seat instead."))
            if on <= seat.term_start:
                raise RosterError(_("The new holder must start after the current holder's term began."))
            if holder_name.strip() == seat.holder_name:
                raise RosterError(_("The new holder is the same person as the current one."))
            successor = CommitteeSeat.objects.create(
                community=seat.community,
                unit=seat.unit,
                holder_name=holder_name.strip(),
                holder_title=holder_title,
                user=user,
                role=seat.role,
                term_start=on,
                term_end=seat.term_end,
            )
            seat.term_end = on - timedelta(days=1)
            seat.save(update_fields=["term_end"])
            audit.record_action(seat, "handed over", {"successor": [None, successor.holder_name]})
        self.term_end = seat.term_end
        return successor


class PartyMember(ChoiceLabels, models.Model):
    """A party member on the community's roster (not necessarily a login)."""

    class Kind(models.TextChoices):
        COMMUNITY = "community", _("Community party member")
        IN_SERVICE = "in_service", _("In-service party member")
        MOBILE = "mobile", _("Mobile party member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="party_members"
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile number"), max_length=11, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.COMMUNITY)
    home_unit = models.ForeignKey(
        Unit,
        verbose_name=_("home unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_members",
    )
    party_org = models.CharField(_("party organization"), max_length=120, blank=True)
    registered_on = models.DateField(_("registered with the community on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    decline_reason = models.CharField(_("reason for declining"), max_length=200, blank=True)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.CharField(_("when I can serve"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_member",
    )
    preferred_posts = models.ManyToManyField(
        "Post", verbose_name=_("posts I would like to serve in"), blank=True, related_name="volunteers"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    # Edit forms check it: a second editor is told, never silently overwrites (portal/versioning.py).
    version = version_field()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["community", "name"]
        indexes = [
            models.Index(fields=["community", "kind", "status"]),
            # The roster lists a community's members by name, a page at a time.
            models.Index(fields=["community", "name", "id"], name="party_member_roster_idx"),
        ]
        constraints = [
            # One mobile number is one person: the same number twice would be one member counted twice.
            models.UniqueConstraint(
                fields=["community", "phone"], condition=~Q(phone=""), name="party_member_one_per_phone"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:member_edit", args=[self.pk])

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @classmethod
    def register(cls, user, *, home_unit: Unit, party_org: str, skills: str, availability: str, posts=()):
        """双报到: a logged-in user asks to be on the roster as an in-service member."""
        if user.community_id is None or home_unit.community_id != user.community_id:
            raise RosterError(_("Choose a unit of your own community."))
        with transaction.atomic():
            member = cls.objects.select_for_update().filter(user=user).first()
            if member is not None and member.status != cls.Status.DECLINED:
                raise RosterError(_("You have already registered with the community."))
            # Staff may already have the person on the roster (from Excel): link that entry, do not duplicate it.
            same_phone = cls.objects.select_for_update().filter(community_id=user.community_id, phone=user.phone)
            if member is not None:
                same_phone = same_phone.exclude(pk=member.pk)
            taken = same_phone.exclude(user__isnull=True).first()
            if taken is not None:
                raise RosterError(
                    _("Your mobile number is already on the roster as %(name)s; ask the community office.")
                    % {"name": taken.name}
                )
            member = member or same_phone.first()
            member = member or cls()
            member.user = user
            member.community_id = user.community_id
            member.name = user.real_name
            member.phone = user.phone
            member.kind = cls.Kind.IN_SERVICE
            member.home_unit = home_unit
            member.party_org = party_org
            member.skills = skills
            member.availability = availability
            member.registered_on = timezone.localdate()
            member.status = cls.Status.PENDING
            member.decline_reason = ""
            member.decided_by = None
            member.decided_at = None
            member.save()
            member.preferred_posts.set(posts)
        return member

    # --- the 双报到 registration: pending until staff confirm or decline it once ---
    @property
    def awaits_decision(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_declined(self) -> bool:
        return self.status == self.Status.DECLINED

    def _decide(self, by, status: str, reason: str = "") -> None:
        with transaction.atomic():
            locked = PartyMember.objects.select_for_update().get(pk=self.pk)
            if not locked.awaits_decision:
                raise RosterError(_("This registration has already been decided."))
            self.status, self.decline_reason = status, reason
            self.decided_by, self.decided_at = by, timezone.now()
            self.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
            audit.record_action(self, "confirmed" if status == self.Status.CONFIRMED else "declined")

    def confirm(self, by) -> None:
        """Staff accept a 双报到 registration: the user gets the party-member role."""
        self._decide(by, self.Status.CONFIRMED)
        self._tell_user(_("Your registration with the community has been confirmed."))

    def decline(self, by, reason: str) -> None:
        """Decline a registration: the member's posts end with it (the posts are open again)."""
        reason = (reason or "").strip()
        if not reason:
            raise RosterError(_("Give a reason for declining."))
        with transaction.atomic():
            self._decide(by, self.Status.DECLINED, reason)
            for post in Post.objects.select_for_update().filter(holder=self):
                post.holder, post.is_open = None, True
                post.save(update_fields=["holder", "is_open"])
                audit.record_action(post, "holder declined", {"holder": [self.name, None]})
        self._tell_user(_("Your registration with the community was declined."), reason)

    @classmethod
    def holder_of_phone(cls, community_id: int, phone: str, exclude_pk: int | None = None):
        """The roster entry already using this mobile number in the community, if any."""
        if not phone:
            return None
        return cls.objects.filter(community_id=community_id, phone=phone).exclude(pk=exclude_pk).first()

    def _tell_user(self, title: str, body: str = "") -> None:
        from portal.notify import notify

        if self.user_id:
            notify(self.user, str(title), body, reverse("members:my_activities"))

    def hours_in(self, year: int) -> Decimal:
        total = self.participations.filter(activity__date__year=year).aggregate(total=models.Sum("hours"))["total"]
        return total or Decimal("0")


class Agreement(models.Model):
    """A co-building agreement (共驻共建协议) between the community and a unit, for a term."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="agreements"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(_("title"), max_length=150)
    signed_on = models.DateField(_("signed on"))
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term to"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    # Edit forms check it: a second editor is told, never silently overwrites (portal/versioning.py).
    version = version_field()

    class Meta:
        verbose_name = _("co-building agreement")
        verbose_name_plural = _("co-building agreements")
        ordering = ["community", "-term_start", "unit__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="agreement_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("members:agreement_detail", args=[self.pk])

    def covers(self, year: int) -> bool:
        return self.term_start.year <= year and (self.term_end is None or self.term_end.year >= year)


class Commitment(models.Model):
    """One itemised promise of an agreement: a venue, volunteers, funds, expertise, a service."""

    class Kind(models.TextChoices):
        VENUE = "venue", _("Venue")
        VOLUNTEERS = "volunteers", _("Volunteers")
        FUNDS = "funds", _("Funds")
        EXPERTISE = "expertise", _("Expertise")
        SERVICE = "service", pgettext_lazy("commitment", "Service")
        OTHER = "other", _("Other")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="commitments"
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="commitments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("what is promised"), max_length=200)
    activities_per_year = models.PositiveSmallIntegerField(
        _("activities promised per year"), default=1, validators=[MinValueValidator(0)]
    )
    hours_per_year = models.DecimalField(
        _("volunteer hours promised per year"), max_digits=7, decimal_places=1, null=True, blank=True
    )

    # Edit forms check it: a second editor is told, never silently overwrites (portal/versioning.py).
    version = version_field()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["agreement", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class Post(models.Model):
    """A post with defined duties (设岗定责) and the party member who holds it."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="posts"
    )
    name = models.CharField(_("post"), max_length=80)
    duty = models.CharField(_("duties"), max_length=300)
    holder = models.ForeignKey(
        PartyMember, verbose_name=_("holder"), on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    is_open = models.BooleanField(_("open for registration"), default=True)

    # Edit forms check it: a second editor is told, never silently overwrites (portal/versioning.py).
    version = version_field()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="post_name_unique_per_community")]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """A joint activity: pairing assistance, volunteer service, party day, co-building."""

    class Kind(models.TextChoices):
        PAIRING = "pairing", _("Pairing assistance")
        VOLUNTEER = "volunteer", _("Volunteer service")
        PARTY_DAY = "party_day", _("Theme party day")
        CO_BUILDING = "co_building", _("Co-building activity")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(pgettext_lazy("activity", "place"), max_length=150)
    organizer = models.ForeignKey(
        Unit,
        verbose_name=_("organizing unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment it fulfils"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    description = models.TextField(pgettext_lazy("activity", "description"), blank=True)

    # Edit forms check it: a second editor is told, never silently overwrites (portal/versioning.py).
    version = version_field()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["community", "-date", "-pk"]
        indexes = [models.Index(fields=["community", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("members:activity_detail", args=[self.pk])


def _photo_path(instance, filename: str) -> str:
    return f"activities/{instance.activity.date:%Y/%m}/{filename}"


class ActivityPhoto(models.Model):
    """A photo of an activity, re-encoded without location data."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=_photo_path)
    caption = models.CharField(_("caption"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class Participation(models.Model):
    """A party member's part in an activity and the volunteer hours it counts for."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(
        PartyMember, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="participations"
    )
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["activity", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="one_participation_per_member"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="participation_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.activity} · {self.hours}"


class SharedResource(models.Model):
    """A resource a unit offers the community: a hall, a sports ground, equipment, a service."""

    class Kind(models.TextChoices):
        VENUE = "venue", _("Venue")
        EQUIPMENT = "equipment", _("Equipment")
        SERVICE = "service", _("Service")
        OTHER = "other", _("Other")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="shared_resources"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.VENUE)
    description = models.CharField(pgettext_lazy("resource", "description"), max_length=300, blank=True)
    availability = models.CharField(_("when available"), max_length=150, blank=True)
    is_available = models.BooleanField(_("currently offered"), default=True)

    # Edit forms check it: a second editor is told, never silently overwrites (portal/versioning.py).
    version = version_field()

    class Meta:
        verbose_name = _("shared resource")
        verbose_name_plural = _("shared resources")
        ordering = ["community", "unit__name", "name"]

    def __str__(self) -> str:
        return self.name
