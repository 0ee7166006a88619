"""Email subscriptions: cluster digests and webinar reminders, confirmed by double opt-in.

A `Subscriber` is one email address with its language, clusters (or all), what it receives and
how often. Nothing but the confirmation email is sent to it until `confirmed_at` is set by the
signed link in that email. The same address signing up again keeps its row: the new preferences
wait in `pending` until a new confirmation. Addresses are private: only superusers see them.

A `Digest` is one subscriber's email for one period ("2026-W49", "2026-12"); the unique pair
(subscriber, period) is what makes `send_digests` safe to run twice or after a crash.

A `Reminder` asks for an email 24 hours before an event (and a note when its recordings are out).
"""

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

LINK_SALT = "subscriptions.link"
CONFIRM_SALT = "subscriptions.confirm"
CONFIRM_DAYS = 7  # a confirmation link works this long; unconfirmed sign-ups are deleted after it


def new_nonce():
    return get_random_string(32)


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class Topic(models.TextChoices):
    NEWS = "news", _("News")
    EVENTS = "events", _("Events")
    SOLUTIONS = "solutions", _("Good practices")
    EXCHANGE = "exchange", _("Exchange posts")


class Subscriber(models.Model):
    email = models.EmailField(_("email"), unique=True, help_text=_("Stored in lower case."))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    all_clusters = models.BooleanField(_("all clusters"), default=True)
    clusters = models.ManyToManyField(
        "clusters.Cluster", blank=True, related_name="subscribers", verbose_name=_("clusters")
    )
    # A subset of Topic's values; empty for an address that only asked for event reminders.
    topics = models.JSONField(_("receives"), default=list, blank=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Preferences sent again by an address already here, applied when the new confirmation link is opened.
    pending = models.JSONField(_("preferences awaiting confirmation"), default=dict, blank=True, editable=False)
    # Content published after this moment goes into the next digest (set at confirmation, then
    # moved to the end of each period queued).
    digest_since = models.DateTimeField(_("next digest from"), null=True, blank=True)
    # Signs the subscriber's links; a new one makes every earlier link stop working.
    nonce = models.CharField(_("nonce"), max_length=32, default=new_nonce, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency__in=Frequency.values), name="subscriber_frequency_valid"
            ),
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at"], name="subscriber_due_idx")]

    def __str__(self):
        return _("Subscriber %(pk)s") % {"pk": self.pk}

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def link_token(self):
        """For the preferences page and one-click unsubscribe, in every email: no expiry, but
        changing the nonce (on deletion, or a fresh confirmation) revokes it."""
        return signing.Signer(salt=LINK_SALT).sign_object({"id": self.pk, "n": self.nonce})

    def confirm_token(self):
        """For the confirmation email; works CONFIRM_DAYS."""
        return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object({"id": self.pk, "n": self.nonce})


class DigestStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    EMPTY = "empty", _("Nothing to send")
    FAILED = "failed", _("Failed")


class Digest(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="digests", verbose_name=_("subscriber")
    )
    period = models.CharField(_("period"), max_length=10, help_text=_('"2026-W49" for a week, "2026-12" for a month.'))
    starts_at = models.DateTimeField(_("covers from"))
    ends_at = models.DateTimeField(_("covers until"))
    status = models.CharField(_("status"), max_length=10, choices=DigestStatus.choices, default=DigestStatus.QUEUED)
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-queued_at"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            # Period first: send_digests asks "which of these 500 subscribers have this period's
            # digest?", an index range whatever the planner's statistics say (the FK has its own index).
            models.UniqueConstraint(fields=["period", "subscriber"], name="digest_once_per_period"),
            models.CheckConstraint(condition=models.Q(status__in=DigestStatus.values), name="digest_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "period"], name="digest_status_idx")]

    def __str__(self):
        return f"{self.period} → {self.subscriber_id}"


class Reminder(models.Model):
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("subscriber")
    )
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("event")
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    recordings_sent_at = models.DateTimeField(_("recordings sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("event reminder")
        verbose_name_plural = _("event reminders")
        constraints = [models.UniqueConstraint(fields=["subscriber", "event"], name="reminder_once_per_event")]

    def __str__(self):
        return f"{self.event} → {self.subscriber_id}"


class SubscriberCount(Subscriber):
    """The audience in numbers, for Editors: its admin page counts subscribers per cluster, language
    and frequency and never shows an address (the Subscriber admin is for superusers only)."""

    class Meta:
        proxy = True
        default_permissions = ("view",)
        verbose_name = _("subscriber count")
        verbose_name_plural = _("subscriber counts")
