"""Notices (公开信息): open affairs written by staff, reviewed by an admin, then published."""

import os
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models import IntegerField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.choices import ChoiceLabels
from portal.models import Community, User
from portal.versioning import lock_version, version_field

from .search import SearchTokensField, search_tokens


class NoticeError(Exception):
    """A notice workflow move that is not allowed; the message is shown to the user."""


def _notice_upload_to(folder: str):
    def upload_to(instance, filename: str) -> str:
        # Random names: an uploaded name never reaches the file system, and URLs cannot be guessed.
        ext = os.path.splitext(filename)[1].lower()[:8]
        return f"notices/{instance.community_id}/{folder}/{uuid.uuid4().hex}{ext}"

    return upload_to


def notice_cover_path(instance, filename: str) -> str:
    return _notice_upload_to("covers")(instance, filename)


def notice_attachment_path(instance, filename: str) -> str:
    return _notice_upload_to("files")(instance, filename)


class NoticeQuerySet(models.QuerySet):
    def visible(self, now=None):
        """What the public sees: published, and the publication time has come (no cron needed)."""
        return self.filter(state=Notice.State.PUBLISHED, publish_at__lte=now or timezone.now())

    def in_order(self):
        return self.order_by("-pinned", "-publish_at", "-pk")

    def in_search_order(self):
        """`in_order` for search results, written so that PostgreSQL cannot read it off the list's index.

        Walking that index for the newest matches, it tested every notice it passed against the query,
        rebuilding each one's search vector (about 0.1 ms a notice); taking the matches from the search
        index and sorting them costs a few hundred times less.
        """
        return self.order_by(Cast("pinned", IntegerField()).desc(), "-publish_at", "-pk")

    def search(self, query: str):
        from .search import filter_by_tokens

        return filter_by_tokens(self, query)


class Notice(ChoiceLabels, models.Model):
    """A published piece of open affairs (党务/居务/财务公开 …), reviewed by an admin before it goes out."""

    class Category(models.TextChoices):
        PARTY = "party", _("Party affairs")
        RESIDENTS = "residents", _("Residents' affairs")
        FINANCE = "finance", _("Finances")
        ANNOUNCEMENT = "announcement", _("Announcements")
        POLICY = "policy", _("Policy explained")
        NEWS = "news", _("Community news")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences shown in lists and the feed.")
    )
    body = models.TextField(_("body"), help_text=_("Markdown: # heading, **bold**, - list item, [link](https://…)."))
    cover = models.ImageField(_("cover image"), upload_to=notice_cover_path, blank=True)
    cover_thumbnail = models.ImageField(_("cover thumbnail"), upload_to=notice_cover_path, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("Pinned notices are listed first."))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish as soon as it is approved; a later time schedules it."),
    )
    publicity_from = models.DateField(_("publicity period from"), null=True, blank=True)
    publicity_to = models.DateField(_("publicity period to"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="notices"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    search_tokens = SearchTokensField(_("search tokens"), blank=True, editable=False)
    # Bumped by every edit and workflow move: an editor working on an older version is told (portal/versioning.py).
    version = version_field()

    objects = NoticeQuerySet.as_manager()

    TEXT_FIELDS = {"title", "summary", "body"}

    class Meta:
        db_table = "portal_notice"  # the table kept its name when notices left the portal app
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-pinned", "-publish_at", "-pk"]
        indexes = [
            # The public lists: equality on community (and category) and state, then the list order.
            models.Index(fields=["community", "state", "-pinned", "-publish_at", "-id"], name="notice_public_idx"),
            models.Index(
                fields=["community", "category", "state", "-pinned", "-publish_at", "-id"], name="notice_category_idx"
            ),
            models.Index(fields=["author", "state"], name="notice_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.TEXT_FIELDS & set(update_fields):
            self.search_tokens = search_tokens(self.title, self.summary, self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_tokens"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", args=[self.pk])

    # --- what the pages ask ---

    @property
    def is_scheduled(self) -> bool:
        return self.state == self.State.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def was_returned(self) -> bool:
        return self.state == self.State.DRAFT and self.returned_at is not None

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def awaits_review(self) -> bool:
        return self.state == self.State.SUBMITTED

    # Each move and the state it starts from; staff write and submit, an admin reviews and withdraws.
    MOVES = {"edit": State.DRAFT, "submit": State.DRAFT, "publish": State.SUBMITTED, "return": State.SUBMITTED}
    MOVES |= {"withdraw": State.PUBLISHED}
    ADMIN_MOVES = {"publish", "return", "withdraw"}

    def next_steps(self, user) -> list[str]:
        """The moves this user may make now, in the order the manage page offers them."""
        from portal.access import is_admin

        allowed = [move for move, state in self.MOVES.items() if state == self.state]
        return [move for move in allowed if move not in self.ADMIN_MOVES or is_admin(user)]

    def body_html(self):
        from portal.markdown import render_markdown

        return render_markdown(self.body)

    @property
    def in_publicity(self) -> bool:
        today = timezone.localdate()
        return bool(self.publicity_from and self.publicity_to and self.publicity_from <= today <= self.publicity_to)

    @property
    def publicity_days_left(self) -> int | None:
        """Days left in the publicity period, today included; None outside it."""
        if not self.in_publicity:
            return None
        return (self.publicity_to - timezone.localdate()).days + 1

    def count_view(self) -> None:
        """One more view; an UPDATE … SET n = n + 1 so simultaneous readers never lose a count."""
        type(self).objects.filter(pk=self.pk).update(view_count=models.F("view_count") + 1)
        self.view_count += 1

    # --- workflow: each move checks, locks, saves the changed fields and is audited ---

    def _locked(self, by, *, admin_only: bool) -> "Notice":
        from portal.access import is_admin, is_staff_member

        allowed = is_admin(by) if admin_only else is_staff_member(by)
        if not allowed or by.community_id != self.community_id:
            if admin_only:
                raise NoticeError(_("Only a community admin may do this."))
            raise NoticeError(_("Only community staff may do this."))
        return type(self).objects.select_for_update().get(pk=self.pk)

    def _refuse_unless(self, locked: "Notice", *states: str) -> None:
        if locked.state not in states:
            raise NoticeError(
                _("This is not possible while the notice is “%(state)s”.") % {"state": locked.get_state_display()}
            )

    def _apply(self, locked: "Notice", note: str, **changes) -> None:
        changes["version"] = locked.version + 1
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*changes, "updated_at"])
        for name in [*changes, "updated_at"]:
            setattr(self, name, getattr(locked, name))
        audit.record_action(self, note)

    def ensure_editable(self, by) -> None:
        from portal.access import is_staff_member

        if not is_staff_member(by) or by.community_id != self.community_id:
            raise NoticeError(_("Only community staff may do this."))
        if not self.is_editable:
            raise NoticeError(_("Only drafts can be edited. Ask an admin to return it for changes first."))

    def lock_for_edit(self, expected_version: int | None) -> None:
        """Inside a transaction: refuse the save of an editor who opened an older version (EditConflict)."""
        locked = lock_version(self, expected_version)
        if locked.state != self.State.DRAFT:
            raise NoticeError(_("Only drafts can be edited. Ask an admin to return it for changes first."))

    def submit(self, by) -> None:
        """Draft → awaiting review (staff). The community's admins are told."""
        with transaction.atomic():
            locked = self._locked(by, admin_only=False)
            self._refuse_unless(locked, self.State.DRAFT)
            self._apply(locked, "submitted for review", state=self.State.SUBMITTED, submitted_at=timezone.now())
        from portal.access import ADMIN_GROUP
        from portal.notify import notify

        admins = User.objects.filter(community_id=self.community_id, groups__name=ADMIN_GROUP, is_active=True)
        for admin in admins:
            notify(admin, _("A notice awaits your review: %(title)s") % {"title": self.title}, url=self.manage_url)

    def objection_readers(self) -> list:
        """Who is told of an objection: the author while they still work for the community, else its admins."""
        from portal.access import ADMIN_GROUP, is_staff_member

        author = self.author
        if author.is_active and author.community_id == self.community_id and is_staff_member(author):
            return [author]
        return list(User.objects.filter(community_id=self.community_id, groups__name=ADMIN_GROUP, is_active=True))

    def tell_of_objection(self, reference: str, url: str) -> None:
        """A resident objected during the publicity period (the desk request `reference`, at `url`)."""
        from portal.notify import notify

        title = _("Objection to your notice: %(title)s") % {"title": self.title}
        body = _("Request %(ref)s was filed during the publicity period. Please look into it and reply.") % {
            "ref": reference
        }
        for reader in self.objection_readers():
            notify(reader, title, body, url)

    def publish(self, by, at=None) -> None:
        """Awaiting review → published (admin). A future `at` (or publish_at) schedules it."""
        now = timezone.now()
        with transaction.atomic():
            locked = self._locked(by, admin_only=True)
            self._refuse_unless(locked, self.State.SUBMITTED)
            when = at or locked.publish_at
            when = when if when and when > now else now
            self._apply(locked, "published", state=self.State.PUBLISHED, publish_at=when, reviewed_by=by)
        self._tell_author(_("Your notice was published: %(title)s"), "")

    def return_for_changes(self, by, comment: str) -> None:
        """Awaiting review → draft (admin), with a comment saying what to change."""
        comment = (comment or "").strip()
        if not comment:
            raise NoticeError(_("Say what needs to change before returning the notice."))
        with transaction.atomic():
            locked = self._locked(by, admin_only=True)
            self._refuse_unless(locked, self.State.SUBMITTED)
            self._apply(
                locked,
                "returned for changes",
                state=self.State.DRAFT,
                review_comment=comment,
                returned_at=timezone.now(),
                reviewed_by=by,
            )
        self._tell_author(_("Your notice was returned for changes: %(title)s"), comment)

    def withdraw(self, by, reason: str) -> None:
        """Published → withdrawn (admin), with the reason; it disappears from public pages."""
        reason = (reason or "").strip()
        if not reason:
            raise NoticeError(_("Give a reason for withdrawing the notice."))
        with transaction.atomic():
            locked = self._locked(by, admin_only=True)
            self._refuse_unless(locked, self.State.PUBLISHED)
            self._apply(
                locked, "withdrawn", state=self.State.WITHDRAWN, withdrawn_at=timezone.now(), withdraw_reason=reason
            )
        self._tell_author(_("Your notice was withdrawn: %(title)s"), reason)

    @property
    def manage_url(self) -> str:
        return reverse("notices:manage", args=[self.pk])

    def _tell_author(self, title, body: str) -> None:
        from portal.notify import notify

        notify(self.author, title % {"title": self.title}, body, self.manage_url)


class NoticeAttachment(models.Model):
    """A file published with a notice (a PDF of the accounts, a form to fill in …)."""

    community = models.ForeignKey(Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=notice_attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        db_table = "portal_noticeattachment"
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def extension(self) -> str:
        return os.path.splitext(self.name)[1].lower().lstrip(".")
