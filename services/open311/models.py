"""What Open311 adds to the desk: client apps and their keys, extra questions, how an API request arrived.

Declared in the services app (imported at the end of services/models.py).
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.models import Community

KEY_PREFIX = "gj311_"


def hash_key(raw: str) -> str:
    # Keys are 256 random bits: a plain SHA-256 cannot be reversed or guessed, and a lookup stays one index probe.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiClient(models.Model):
    """A client app (接入应用) holding an API key for one community; only the key's hash is kept."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="api_clients"
    )
    name = models.CharField(_("client app"), max_length=100)
    key_hint = models.CharField(_("key starts with"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        app_label = "services"
        verbose_name = _("client app")
        verbose_name_plural = _("client apps")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, community: Community, name: str, by=None) -> tuple[ApiClient, str]:
        """A new client app with a fresh key; the key itself is returned once and never stored."""
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        client = cls.objects.create(
            community=community,
            name=name,
            key_hint=raw[: len(KEY_PREFIX) + 4],
            key_hash=hash_key(raw),
            created_by=by if getattr(by, "pk", None) else None,
        )
        return client, raw

    @classmethod
    def for_key(cls, raw: str) -> ApiClient | None:
        """The client app holding this key (revoked ones included: the caller tells them apart)."""
        if not raw or len(raw) > 200:
            return None
        return cls.objects.select_related("community").filter(key_hash=hash_key(raw)).first()

    def revoke(self) -> None:
        with transaction.atomic():
            locked = type(self).objects.select_for_update().get(pk=self.pk)
            if locked.revoked_at is None:
                locked.revoked_at = timezone.now()
                locked.save(update_fields=["revoked_at"])
                audit.record_action(locked, "revoked")
        self.revoked_at = locked.revoked_at


class ServiceAttribute(models.Model):
    """An extra question a service item asks when filed through the API (a GeoReport attribute)."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLE = "singlevaluelist", _("One choice")
        MULTI = "multivaluelist", _("Several choices")

    item = models.ForeignKey(
        "services.ServiceItem", verbose_name=_("service item"), on_delete=models.CASCADE, related_name="attributes"
    )
    code = models.CharField(
        _("code"), max_length=40, validators=[RegexValidator(r"^[A-Za-z0-9_]+$", _("Letters, digits and _ only."))]
    )
    datatype = models.CharField(_("answer type"), max_length=16, choices=Datatype.choices, default=Datatype.STRING)
    required = models.BooleanField(_("required"), default=False)
    description = models.CharField(_("question"), max_length=300)
    datatype_description = models.CharField(_("answer hint"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    values = models.TextField(_("choices"), blank=True, help_text=_("For choice questions: one per line, as key|name."))

    class Meta:
        app_label = "services"
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="service_attribute_unique_code")]

    def __str__(self) -> str:
        return self.code

    @property
    def is_list(self) -> bool:
        return self.datatype in (self.Datatype.SINGLE, self.Datatype.MULTI)

    def value_list(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.values.splitlines():
            key, _sep, name = line.strip().partition("|")
            if key.strip():
                pairs.append((key.strip(), (name or key).strip()))
        return pairs


class ApiSubmission(models.Model):
    """How a request filed through Open311 arrived: the client app and what it sent besides the text."""

    request = models.OneToOneField("services.ServiceRequest", on_delete=models.CASCADE, related_name="api_submission")
    client = models.ForeignKey(
        ApiClient, verbose_name=_("client app"), on_delete=models.PROTECT, related_name="submissions"
    )
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    address_id = models.CharField(_("address id"), max_length=64, blank=True)
    attributes = models.JSONField(_("answers to extra questions"), default=dict, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)

    class Meta:
        app_label = "services"
        verbose_name = _("API submission")
        verbose_name_plural = _("API submissions")

    def __str__(self) -> str:
        return f"{self.request_id} {self.client_id}"
