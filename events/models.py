import datetime as dt
import zoneinfo
from collections import defaultdict

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Min, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from clusters.models import cluster_links
from core.aggregates import remember
from core.content_language import SavedInSourceLanguage
from core.fields import RichTextField
from core.page_cache import ContentQuerySet
from core.publishing import Publishable, PublishableQuerySet, status_constraint
from core.urls import reverse_slug
from members.models import Member


def validate_timezone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone name; use one like Asia/Shanghai or America/Santiago."),
            params={"value": value},
        )


class EventKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")
    EXCHANGE = "exchange", _("Online exchange")
    MEETING = "meeting", _("Meeting")
    CONFERENCE = "conference", _("Conference")


class Attendance(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("In person and online")


class EventQuerySet(PublishableQuerySet):
    def next_change(self, now):
        """The next moment the event pages change with no save: an event's publication, or a public
        event's end (it moves from "upcoming" to "past")."""
        ends = self.published().filter(ends_at__gte=now).aggregate(at=Min("ends_at"))["at"]
        return min(filter(None, [self.next_publication(now), ends]), default=None)

    def upcoming(self):
        return self.published().filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        return self.published().filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")

    def in_listing_order(self, now=None):
        """Upcoming events first, soonest first; then past events, newest first — one ORDER BY.

        The first key puts upcoming (0) before past (1). The second is the start for upcoming
        events and NULL for past ones, so it sorts upcoming events ascending and leaves past
        ones tied; the third key then sorts past events descending.
        """
        upcoming = Q(ends_at__gte=now or timezone.now())
        return self.order_by(
            Case(When(upcoming, then=Value(0)), default=Value(1)),
            Case(When(upcoming, then=F("starts_at"))).asc(),
            F("starts_at").desc(),
            "-pk",
        )


class Event(Publishable):
    """A webinar, workshop, online exchange or meeting, with its agenda and its report."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.WEBINAR)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text=_("The organisers' IANA time zone, e.g. Asia/Shanghai; times are shown in it."),
    )
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.ONLINE)
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    locality = models.CharField(_("city"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    description = RichTextField(_("description"), blank=True)
    objectives = RichTextField(_("objectives"), blank=True)
    report = RichTextField(_("post-event summary"), blank=True)
    organisers = models.CharField(
        _("organisers"), max_length=300, blank=True, help_text=_("Hosts and co-organisers that are not members.")
    )
    # Weighted full-text document for site search. PostgreSQL keeps it current with a trigger
    # (search/migrations/0001_postgres_search.py) on every insert and text change; NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    hosts = models.ManyToManyField(
        "members.Member", blank=True, related_name="hosted_events", verbose_name=_("host members")
    )
    clusters = models.ManyToManyField("clusters.Cluster", blank=True, related_name="events", verbose_name=_("clusters"))

    objects = EventQuerySet.as_manager()
    # `history` (who changed what and when, every language included) is registered in translation.py,
    # after the translated columns exist, so each version keeps every translation.

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            status_constraint("event"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_public_idx"),
            models.Index(fields=["ends_at"], name="event_ends_idx"),
            models.Index(fields=["kind", "starts_at"], name="event_kind_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("events:detail", self.slug)  # core.urls: the resolver once per language

    def page_relations(self):
        """What the event's page shows besides the event itself, as template context: its published
        `hosts`, its published `clusters` (ClusterLinks in the active language), its agenda
        (`sessions`, each with its speakers in `session.slots`) and its `recordings`, each with its
        links in `recording.watch_links`. A recording with no link yet has nothing to watch and is
        left out.

        The rows are remembered per content generation (core.aggregates): read on every page miss,
        their five queries put the event page's p99 over 100 ms at 100,000 members
        (docs/performance.md). They hold every language's columns, so one entry serves every
        language; the clusters are named afterwards, in the active language."""
        relations = remember("events.relations", self._read_relations, self.pk)
        return {**relations, "clusters": cluster_links(relations.pop("cluster_ids"))}

    def _read_relations(self):
        """A query per relation (the links bring their recordings): for one event, Django's
        prefetching costs more than the query it runs."""
        sessions = list(self.sessions.all())
        slots = defaultdict(list)
        if sessions:
            for slot in Speaker.objects.filter(session__event=self).select_related("person"):
                slots[slot.session_id].append(slot)
        for session in sessions:
            session.slots = slots[session.pk]
        recordings = {}
        for link in (
            RecordingLink.objects.filter(recording__event=self)
            .select_related("recording")
            .order_by("recording__order", "recording_id", "platform")
        ):
            if link.recording_id not in recordings:
                recordings[link.recording_id] = link.recording
                link.recording.watch_links = []
            recordings[link.recording_id].watch_links.append(link)
        return {
            "hosts": list(
                Member.objects.published().filter(hosted_events=self).only("name", "slug", "status", "published_at")
            ),
            "cluster_ids": list(Event.clusters.through.objects.filter(event=self).values_list("cluster_id", flat=True)),
            "sessions": sessions,
            "recordings": list(recordings.values()),
        }

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})

    @property
    def tzinfo(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def is_upcoming(self):
        return self.ends_at >= timezone.now()

    @property
    def starts_local(self):
        return self.starts_at.astimezone(self.tzinfo)

    @property
    def ends_local(self):
        return self.ends_at.astimezone(self.tzinfo)

    @property
    def is_single_day(self):
        return self.starts_local.date() == self.ends_local.date()

    @property
    def zone_city(self):
        """The zone's place, "New York" for America/New_York, "UTC" for UTC."""
        return self.tzinfo.key.rsplit("/", 1)[-1].replace("_", " ")

    @property
    def zone_label(self):
        """The zone named for people: "America/New York, EDT, UTC−04:00"."""
        start = self.starts_local
        if self.tzinfo.key == "UTC":
            return "UTC"
        parts = [self.tzinfo.key.replace("_", " ")]
        abbreviation = start.tzname() or ""
        if abbreviation and abbreviation[0] not in "+-" and abbreviation != "UTC":
            parts.append(abbreviation)
        minutes = int(start.utcoffset().total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        parts.append(f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}")
        return ", ".join(parts)

    @property
    def place(self):
        """Venue, city and country, as one line; empty for an online event."""
        return ", ".join(part for part in (self.venue, self.locality, str(self.country.name or "")) if part)


class Person(models.Model):
    """A speaker or moderator."""

    honorific = models.CharField(_("honorific"), max_length=20, blank=True, help_text=_("Mr., Ms., Dr., Prof.…"))
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=250, blank=True, help_text=_("Job title"))
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "organisation"],
                name="person_unique",
                violation_error_message=_("This person is already recorded for this organisation."),
            )
        ]

    def __str__(self):
        return " ".join(part for part in (self.honorific, self.name) if part)

    @property
    def affiliation(self):
        """ "Director, UNOSSC": role and organisation, either of which may be blank."""
        return ", ".join(part for part in (self.role, self.organisation) if part)


class Session(SavedInSourceLanguage, models.Model):
    """One item of an event's agenda, in order."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    speakers = models.ManyToManyField(Person, through="Speaker", related_name="sessions", verbose_name=_("speakers"))

    objects = ContentQuerySet.as_manager()

    class Meta:
        # By the column, not the relation: "event" would join the events table to sort by its date.
        ordering = ["event_id", "order", "pk"]
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda sessions")

    def __str__(self):
        return self.title


class Speaker(models.Model):
    """A person's part in a session: speaker, moderator, panellist…"""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="speaker_slots", verbose_name=_("session")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="speaker_slots", verbose_name=_("person"))
    part = models.CharField(_("part"), max_length=80, blank=True, help_text=_("e.g. Moderator, Speaker"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["session_id", "order", "pk"]  # no join to sessions and events (Session.Meta)
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="speaker_unique",
                violation_error_message=_("This person is already a speaker in this session."),
            )
        ]

    def __str__(self):
        return f"{self.person} — {self.session}"


class Platform(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    BILIBILI = "bilibili", "BiliBili"
    VIMEO = "vimeo", "Vimeo"
    OTHER = "other", _("Other")


class Recording(models.Model):
    """A video of an event; the same video may be hosted on several platforms."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recordings", verbose_name=_("event"))
    title = models.CharField(
        _("title"),
        max_length=250,
        help_text=_("Listed on the event's page once it has a link: add them on the recording's own page."),
    )
    duration = models.DurationField(
        _("length"),
        null=True,
        blank=True,
        help_text=_('Hours, minutes and seconds, e.g. "1:32:00". Leave empty when you do not know it.'),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["event_id", "order", "pk"]  # no join to events (Session.Meta)
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__isnull=True) | Q(duration__gt=dt.timedelta(0)),
                name="recording_duration_positive",
                violation_error_message=_("A recording's length must be more than zero."),
            )
        ]

    def __str__(self):
        return self.title


class RecordingLink(models.Model):
    recording = models.ForeignKey(
        Recording, on_delete=models.CASCADE, related_name="links", verbose_name=_("recording")
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("address"))

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["recording_id", "platform"]  # no join to recordings and events (Session.Meta)
        verbose_name = _("recording link")
        verbose_name_plural = _("recording links")
        constraints = [
            models.UniqueConstraint(
                fields=["recording", "platform"],
                name="recordinglink_unique_platform",
                violation_error_message=_("This recording already has a link on this platform."),
            )
        ]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.url}"
