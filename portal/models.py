"""Core models: the community tenant, the user, the audit log and notifications."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .versioning import version_field

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")

mobile_validator = RegexValidator(
    MOBILE_RE,
    _("Enter a valid mainland China mobile number: 11 digits starting with 13–19."),
    code="invalid_mobile",
)


def mask_phone(phone: str) -> str:
    """138****5678: enough to recognise a number, not enough to call it."""
    if not phone or len(phone) < 7:
        return "****" if phone else ""
    return f"{phone[:3]}****{phone[-4:]}"


class Community(models.Model):
    """A residential community (社区): the tenant every domain row belongs to."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("short code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9]{2,12}$", _("Use 2–12 capital letters or digits."))],
        help_text=_("Used at the start of reference numbers, e.g. HX."),
    )
    subdistrict = models.CharField(_("subdistrict"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, phone: str, password: str | None, **extra):
        if not phone:
            raise ValueError("A user needs a phone number.")
        user = self.model(phone=phone, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, phone: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(phone, password, **extra)

    def create_superuser(self, phone: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with a mainland mobile number.

    `is_staff` keeps Django's meaning (may open /admin/); portal roles come from
    groups and the roster, see portal/access.py.
    """

    phone = models.CharField(_("mobile number"), max_length=11, unique=True, validators=[mobile_validator])
    real_name = models.CharField(_("real name"), max_length=50)
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Identity checked in person by community staff.")
    )
    # Set when the person proved the number is theirs: a one-time SMS code, or staff checking their ID.
    phone_verified_at = models.DateTimeField(_("mobile number verified"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"), default=False, help_text=_("Asked for a new password at the next request.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("Django admin access"), default=False, help_text=_("May log in to the technical admin site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    elderly_mode = models.BooleanField(
        _("elderly mode"), default=False, help_text=_("Larger type and controls, on every device the user logs in on.")
    )

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["real_name"]

    # Checked by the profile and roles forms: two admins changing one account never overwrite each other.
    version = version_field()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["real_name", "phone"]

    def __str__(self) -> str:
        return self.real_name or mask_phone(self.phone)

    def get_full_name(self) -> str:
        return self.real_name

    def get_short_name(self) -> str:
        return self.real_name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def phone_verified(self) -> bool:
        return self.phone_verified_at is not None


class AuditLog(models.Model):
    """One write by a staff member or admin: who changed what, from where, when."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        ACTION = "action", _("Action")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["community", "-created_at"])]

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at)
        return f"{when:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.object_repr}"


class Notification(models.Model):
    """An in-app message to one user (status changes, assignments, reminders)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


# --- accounts: codes, limits, the outbox ---


class PhoneCode(models.Model):
    """A one-time code sent by SMS to prove a number is someone's (stored hashed, never in clear)."""

    class Purpose(models.TextChoices):
        REGISTER = "register", _("Registration")
        VERIFY = "verify", _("Verify the number")
        RESET = "reset", _("Password reset")
        LOGIN = "login", _("Second factor")

    phone = models.CharField(_("mobile number"), max_length=11)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["phone", "purpose", "-created_at"])]

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} {self.purpose} {self.created_at:%Y-%m-%d %H:%M}"


class RateCounter(models.Model):
    """A counter shared by every process: how often something happened under one key in a window."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"


class ResetSlip(models.Model):
    """A one-time password-reset slip printed at the desk after staff checked the person's ID."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reset_slips")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+", null=True)
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("password reset slip")
        verbose_name_plural = _("password reset slips")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"


class OutboxMessage(models.Model):
    """An e-mail or text message written in the same transaction as the change it reports, sent after commit."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    template = models.CharField(_("template or subject"), max_length=200, blank=True)
    body = models.TextField(_("body"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.key} {self.get_status_display()}"
