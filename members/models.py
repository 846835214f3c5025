"""The big-committee roster: member units, committee seats, party members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Community


class Unit(models.Model):
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

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="unit_name_unique_per_community")]

    def __str__(self) -> str:
        return self.name

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


class PartyMember(models.Model):
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

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["community", "name"]
        indexes = [models.Index(fields=["community", "kind", "status"])]

    def __str__(self) -> str:
        return self.name
