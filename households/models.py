"""Standard addresses and households, door-to-door campaigns, care pairing and visits (DESIGN §5.6)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.models import Community, mask_phone


class HouseholdError(Exception):
    """A step the rules do not allow (closing a campaign with households unaccounted for, …)."""


class Grid(models.Model):
    """A grid (网格): the households one grid worker looks after."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=50)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid worker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grids",
    )

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["community", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="grid_unique_name")]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    """A building (楼栋) of an estate (小区), in one grid."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    estate = models.CharField(_("estate"), max_length=50)
    name = models.CharField(_("building"), max_length=20)
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.SET_NULL, null=True, blank=True, related_name="buildings"
    )

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["community", "estate", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "estate", "name"], name="building_unique_address")]

    def __str__(self) -> str:
        return f"{self.estate}{self.name}"


class Tag(models.TextChoices):
    """Staff-only tags: sensitive personal information (a 残疾 or 低保 tag) never leaves the staff pages."""

    ELDERLY_ALONE = "elderly_alone", _("Elderly living alone")
    DISABLED = "disabled", _("Disability")
    ALLOWANCE = "allowance", _("Minimum living allowance")
    ENTITLED = "entitled", _("Special care (优抚)")
    VACANT = "vacant", _("Vacant")
    RENTED = "rented", _("Rented out")


CARE_TAGS = (Tag.ELDERLY_ALONE, Tag.DISABLED, Tag.ALLOWANCE)


class Household(models.Model):
    """A household (户) at one door (门牌) of a building's entrance (单元)."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.PROTECT, related_name="households"
    )
    entrance = models.CharField(_("entrance"), max_length=10)
    door = models.CharField(_("door"), max_length=10)
    name = models.CharField(_("household name"), max_length=50, help_text=_("Usually the head of the household."))

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["community", "building", "entrance", "door"]
        constraints = [models.UniqueConstraint(fields=["building", "entrance", "door"], name="household_unique_door")]

    def __str__(self) -> str:
        return f"{self.door_label} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("households:household", args=[self.pk])

    @property
    def door_label(self) -> str:
        """红星小区1栋2单元301: the standard address."""
        return door_address(str(self.building), self.entrance, self.door)


def door_address(building: str, entrance: str, door: str) -> str:
    """A door's standard address from its building's name (estate and building), entrance and door."""
    return gettext("%(building)s, entrance %(entrance)s, door %(door)s") % {
        "building": building,
        "entrance": entrance,
        "door": door,
    }


class HouseholdTag(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(_("tag"), max_length=16, choices=Tag.choices)

    class Meta:
        verbose_name = _("household tag")
        verbose_name_plural = _("household tags")
        constraints = [models.UniqueConstraint(fields=["household", "tag"], name="household_tag_once")]
        indexes = [models.Index(fields=["community", "tag"])]

    def __str__(self) -> str:
        return self.get_tag_display()


class Member(models.Model):
    """A person living in a household; the phone is shown masked except to staff handling the record."""

    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        OTHER = "other", _("Other")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=50)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices, default=Relation.HEAD)
    phone = models.CharField(_("mobile number"), max_length=11, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="household_memberships",
    )

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


# --- campaigns ------------------------------------------------------------------------------------------------


class Campaign(models.Model):
    """A door-to-door campaign (入户征求意见 / 走访): a topic, a period, a questionnaire and households in scope."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Under way")
        CLOSED = "closed", _("Closed")

    class Scope(models.TextChoices):
        ALL = "all", _("The whole community")
        GRIDS = "grids", _("Chosen grids")
        BUILDINGS = "buildings", _("Chosen buildings")
        TAG = "tag", _("Households with a tag")

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("topic"), max_length=120)
    description = models.TextField(_("what the visitors explain"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    scope = models.CharField(_("households in scope"), max_length=10, choices=Scope.choices, default=Scope.ALL)
    scope_grids = models.ManyToManyField(Grid, verbose_name=_("grids"), blank=True, related_name="+")
    scope_buildings = models.ManyToManyField(Building, verbose_name=_("buildings"), blank=True, related_name="+")
    scope_tag = models.CharField(_("tag"), max_length=16, choices=Tag.choices, blank=True)
    max_tries = models.PositiveSmallIntegerField(
        _("tries before a household counts as settled"),
        default=3,
        help_text=_("A household refusing or not at home this many times no longer holds the campaign open."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    summary_notice_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("households:campaign", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def scope_households(self):
        households = Household.objects.filter(community_id=self.community_id)
        if self.scope == self.Scope.GRIDS:
            return households.filter(building__grid__in=self.scope_grids.all())
        if self.scope == self.Scope.BUILDINGS:
            return households.filter(building__in=self.scope_buildings.all())
        if self.scope == self.Scope.TAG:
            return households.filter(tags__tag=self.scope_tag)
        return households

    def open(self, by) -> int:
        """Draft → under way: the households in scope are fixed as the campaign's list. Returns their number."""
        with transaction.atomic():
            locked = Campaign.objects.select_for_update().get(pk=self.pk)
            if locked.status != self.Status.DRAFT:
                raise HouseholdError(gettext("Only a campaign being prepared can be started."))
            if not locked.questions.exists():
                raise HouseholdError(gettext("Add at least one question first."))
            ids = list(locked.scope_households().values_list("pk", flat=True).distinct())
            if not ids:
                raise HouseholdError(gettext("No household is in the campaign's scope."))
            Target.objects.bulk_create(
                [Target(community_id=self.community_id, campaign=locked, household_id=pk) for pk in ids],
                batch_size=2000,
            )
            locked.status = self.Status.OPEN
            locked.save(update_fields=["status"])
            audit.record_action(locked, "campaign started", {"households": [None, len(ids)]})
        self.status = self.Status.OPEN
        return len(ids)

    def unsettled(self):
        """Households in scope neither visited nor explicitly marked."""
        return self.targets.exclude(Target.settled_q(self.max_tries))

    def close(self, by) -> None:
        """Under way → closed, only when no household in scope is left unaccounted for."""
        with transaction.atomic():
            locked = Campaign.objects.select_for_update().get(pk=self.pk)
            if locked.status != self.Status.OPEN:
                raise HouseholdError(gettext("Only a campaign under way can be closed."))
            left = locked.unsettled().count()
            if left:
                raise HouseholdError(
                    gettext("%(n)s households are not yet visited or marked; the campaign stays open.") % {"n": left}
                )
            locked.status, locked.closed_at = self.Status.CLOSED, timezone.now()
            locked.save(update_fields=["status", "closed_at"])
            audit.record_action(locked, "campaign closed")
        self.status, self.closed_at = locked.status, locked.closed_at

    def assign(self, by, visitor, targets) -> int:
        """Give the visitor these households of the campaign; returns how many."""
        if self.status == self.Status.CLOSED:
            raise HouseholdError(gettext("The campaign is closed."))
        count = targets.filter(campaign=self).update(assignee=visitor)
        audit.record_action(self, "households assigned", {"visitor": [None, visitor.pk], "households": [None, count]})
        return count


class Question(models.Model):
    """One question of a campaign's short questionnaire."""

    class Kind(models.TextChoices):
        OPINION = "opinion", _("Opinion (agree / concerns / disagree)")
        YESNO = "yesno", _("Yes or no")
        CHOICE = "choice", _("Single choice")
        TEXT = "text", _("Free text")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.OPINION)
    text = models.CharField(_("question"), max_length=200)
    options = models.TextField(_("options"), blank=True, help_text=_("Single choice only: one option per line."))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["campaign", "order", "id"]

    def __str__(self) -> str:
        return self.text

    def choices(self) -> list[str]:
        """The answers the question accepts (empty: free text)."""
        if self.kind == self.Kind.OPINION:
            return [str(OPINIONS[key]) for key in OPINIONS]
        if self.kind == self.Kind.YESNO:
            return [gettext("Yes"), gettext("No")]
        if self.kind == self.Kind.CHOICE:
            return [line.strip() for line in self.options.splitlines() if line.strip()]
        return []

    def answer_values(self) -> list[str]:
        """Stored values: language-independent codes for opinion and yes/no, the option text for a choice."""
        if self.kind == self.Kind.OPINION:
            return list(OPINIONS)
        if self.kind == self.Kind.YESNO:
            return ["yes", "no"]
        return self.choices()

    def label_for(self, value: str) -> str:
        if self.kind == self.Kind.OPINION:
            return str(OPINIONS.get(value, value))
        if self.kind == self.Kind.YESNO:
            return gettext("Yes") if value == "yes" else gettext("No")
        return value


OPINIONS = {"agree": _("Agree"), "concerns": _("Has concerns"), "disagree": _("Disagree")}


class Outcome(models.TextChoices):
    VISITED = "visited", _("Visited")
    ABSENT = "absent", _("Not at home")
    REFUSED = "refused", _("Refused")
    VACANT = "vacant", _("Vacant")


class Target(models.Model):
    """A household in a campaign's scope: who is to visit it and where it stands."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Not yet visited")
        VISITED = "visited", _("Visited")
        ABSENT = "absent", _("Not at home")
        REFUSED = "refused", _("Refused")
        VACANT = "vacant", _("Vacant")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="targets")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_targets",
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    tries = models.PositiveSmallIntegerField(_("tries"), default=0)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("household in a campaign")
        verbose_name_plural = _("households in campaigns")
        constraints = [models.UniqueConstraint(fields=["campaign", "household"], name="target_once_per_campaign")]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["assignee", "campaign"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.household_id}"

    @staticmethod
    def settled_q(max_tries: int) -> Q:
        """Visited, vacant, or refused / not at home the set number of times."""
        return Q(status__in=[Target.Status.VISITED, Target.Status.VACANT]) | Q(
            status__in=[Target.Status.ABSENT, Target.Status.REFUSED], tries__gte=max_tries
        )

    @staticmethod
    def counts_as_settled(status: str, tries: int, max_tries: int) -> bool:
        """settled_q for one household: what a page adding up counts asks of each."""
        if status in (Target.Status.VISITED, Target.Status.VACANT):
            return True
        return status in (Target.Status.ABSENT, Target.Status.REFUSED) and tries >= max_tries

    @staticmethod
    def open_q(max_tries: int) -> Q:
        """Still on the visitor's list: not yet visited, or not home / refused fewer times than the limit."""
        return ~Target.settled_q(max_tries)

    def record(self, outcome: str) -> None:
        """Count a visit's outcome; a visited household stays visited whatever comes after."""
        if self.status == self.Status.VISITED:
            return
        self.status = outcome
        if outcome in (Outcome.ABSENT, Outcome.REFUSED):
            self.tries += 1
        self.save(update_fields=["status", "tries"])

    def mark_vacant(self, by) -> None:
        """Staff settle a household explicitly: the door is empty."""
        if self.status == self.Status.VISITED:
            raise HouseholdError(gettext("This household has been visited already."))
        self.status, self.marked_by = self.Status.VACANT, by
        self.save(update_fields=["status", "marked_by"])
        audit.record_action(self, "marked vacant")


# --- care pairing ---------------------------------------------------------------------------------------------


class CarePairing(models.Model):
    """A vulnerable household paired with a party member who visits it at a set cadence (结对帮扶)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    household = models.OneToOneField(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="pairing"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paired party member"),
        on_delete=models.PROTECT,
        related_name="care_pairings",
    )
    cadence_days = models.PositiveSmallIntegerField(
        _("visit every (days)"), default=30, help_text=_("30 for a monthly visit, 7 for a weekly one.")
    )
    started_on = models.DateField(_("paired since"), default=timezone.localdate)
    last_visit_on = models.DateField(_("last visit"), null=True, blank=True)

    class Meta:
        verbose_name = _("care pairing")
        verbose_name_plural = _("care pairings")
        indexes = [models.Index(fields=["community", "last_visit_on"])]

    def __str__(self) -> str:
        return f"{self.household} ↔ {self.member}"

    @property
    def next_due(self) -> date:
        return (self.last_visit_on or self.started_on) + timedelta(days=self.cadence_days)

    def is_overdue(self, today: date | None = None) -> bool:
        return self.next_due < (today or timezone.localdate())


# --- visits ---------------------------------------------------------------------------------------------------


class Visit(models.Model):
    """One visit at a door, made on the phone with its own id: sent twice, stored once."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    client_id = models.CharField(_("visit id"), max_length=64)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visitor"), on_delete=models.PROTECT, related_name="visits"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="visits"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, null=True, blank=True, related_name="visits"
    )
    pairing = models.ForeignKey(
        CarePairing,
        verbose_name=_("care pairing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    concerns = models.TextField(_("concerns"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="households/visits/%Y/%m/", blank=True)
    thumbnail = models.ImageField(upload_to="households/visits/%Y/%m/", blank=True)
    visited_at = models.DateTimeField(_("time of the visit"))
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["visitor", "client_id"], name="visit_once_per_client_id")]
        indexes = [
            models.Index(fields=["campaign", "visitor"]),
            models.Index(fields=["household", "visited_at"]),
            # The coverage page's latest concerns: a few hundred visits among a campaign's thousands.
            models.Index(fields=["campaign", "-visited_at", "-id"], condition=~Q(concerns=""), name="visit_concerns"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.visited_at:%Y-%m-%d}"

    @classmethod
    def store(cls, *, visitor, client_id: str, fields: dict, answers: dict, photo=None) -> tuple[Visit, bool]:
        """Save a visit with its answers and photo in one transaction; a known id returns the first copy."""
        existing = cls.objects.filter(visitor=visitor, client_id=client_id).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                visit = cls(visitor=visitor, client_id=client_id, community_id=visitor.community_id, **fields)
                if photo is not None:
                    visit.photo.save(photo.image.name, photo.image, save=False)
                    visit.thumbnail.save(photo.thumbnail.name, photo.thumbnail, save=False)
                visit.save()
                Answer.objects.bulk_create(
                    [Answer(visit=visit, question_id=qid, value=value) for qid, value in answers.items()]
                )
                visit._count()
        except IntegrityError:
            # The same visit raced in twice (the phone retried while the first send was still being answered).
            existing = cls.objects.filter(visitor=visitor, client_id=client_id).first()
            if existing is None:
                raise
            return existing, False
        return visit, True

    def _count(self) -> None:
        if self.campaign_id:
            target = Target.objects.select_for_update().get(
                campaign_id=self.campaign_id, household_id=self.household_id
            )
            target.record(self.outcome)
        if self.pairing_id and self.outcome == Outcome.VISITED:
            day = timezone.localdate(self.visited_at)
            CarePairing.objects.filter(pk=self.pairing_id).filter(
                Q(last_visit_on__isnull=True) | Q(last_visit_on__lt=day)
            ).update(last_visit_on=day)


class Answer(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.CharField(_("answer"), max_length=500)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["visit", "question"], name="answer_once_per_question")]

    def __str__(self) -> str:
        return self.value


class HouseholdRequest(models.Model):
    """A desk request filed from a household (or from a visit's concern), so each side can find the other."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="desk_requests")
    request = models.OneToOneField("services.ServiceRequest", on_delete=models.CASCADE, related_name="household_link")
    visit = models.OneToOneField(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="desk_request")

    class Meta:
        verbose_name = _("household request")
        verbose_name_plural = _("household requests")

    def __str__(self) -> str:
        return f"{self.household_id} → {self.request_id}"


# --- counts kept by the database (households/counts.py) ---------------------------------------------------------

NOBODY = 0  # CoverageCount.assignee of the households nobody has been given yet


class CoverageCount(models.Model):
    """How many of a campaign's households in one building, given to one visitor, stand at one status.

    The coverage page reads these few rows instead of every household of the campaign. Database triggers
    (migration households 0002) move a count in the same statement as every write of a campaign household
    (opened, assigned, visited, marked, deleted) and of a household moved to another building. Tries are
    kept for those not at home or refusing (whether they count as settled depends on the campaign's
    limit), 0 for the others.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+", db_index=False)  # the key's
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    # A user's id, or NOBODY: a plain number, so that "nobody yet" is one row like any other.
    assignee = models.BigIntegerField(default=NOBODY)
    status = models.CharField(max_length=8, choices=Target.Status.choices)
    tries = models.PositiveSmallIntegerField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "building", "assignee", "status", "tries"], name="coverage_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.building_id}/{self.assignee} {self.status}×{self.tries}: {self.n}"


class AnswerCount(models.Model):
    """How many visits where the door was opened gave one answer to one closed question.

    Kept by database triggers (migration households 0002) with every answer written or deleted and every
    change of a visit's outcome. Free-text answers are not counted (nor copied here).
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=500)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="answer_count_once")]

    def __str__(self) -> str:
        return f"{self.question_id} {self.value}: {self.n}"
