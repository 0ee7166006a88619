"""The partnership exchange: what members need and offer, who is interested, and suggested matches.

A `Post` is a member's request or offer. Partners send new posts and edits through the moderation
queue (submissions); Editors may write one in the admin on a member's behalf. It is public while
published, in an active state and not past its expiry date.

An `Interest` is a visitor's answer to a post. It is never public: the secretariat reads it in the
admin and forwards it, and only then do the two sides receive each other's contact details.

A `Suggestion` pairs an open post with a complementary post, solution or member, with the reasons
(matching.py computes them in a task when a post is approved).
"""

import datetime as dt

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import register_history
from core.page_cache import ContentQuerySet
from core.publishing import Publishable, PublishableQuerySet, Status, scheduled, status_constraint
from core.urls import reverse_slug
from members.models import Member

EXPIRY_MONTHS = 6
REMINDER_DAYS = (14, 1)  # reminder emails this many days before a post expires


class PostType(models.TextChoices):
    SEEKING_EXPERTISE = "seeking-expertise", _("Seeking expertise")
    OFFERING_EXPERTISE = "offering-expertise", _("Offering expertise")
    HOSTING_VISIT = "hosting-visit", _("Offering to host a study visit")
    TECHNOLOGY_SOUGHT = "technology-sought", _("Technology or service sought")
    TECHNOLOGY_OFFERED = "technology-offered", _("Technology or service offered")


REQUESTS = {PostType.SEEKING_EXPERTISE, PostType.TECHNOLOGY_SOUGHT}
OFFERS = {PostType.OFFERING_EXPERTISE, PostType.HOSTING_VISIT, PostType.TECHNOLOGY_OFFERED}


class PostState(models.TextChoices):
    OPEN = "open", _("Open")
    IN_DISCUSSION = "discussion", _("In discussion")
    PARTLY_MET = "partly-met", _("Partly met")
    MET = "met", _("Met")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


# States in which a post is listed on /exchange/ (until its expiry date); the others keep their page,
# marked as closed.
ACTIVE_STATES = (PostState.OPEN, PostState.IN_DISCUSSION, PostState.PARTLY_MET)


class FormatCode(models.TextChoices):
    STUDY_VISIT = "study-visit", _("Study visit")
    EXPERT_MISSION = "expert-mission", _("Expert mission")
    ONLINE = "online", _("Online exchange")
    WORKSHOP = "workshop", _("Workshop")


class Format(models.Model):
    """A way of working together a post prefers. Reference rows, one per FormatCode (apps.py)."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=FormatCode.choices)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("format")
        verbose_name_plural = _("formats")

    def __str__(self):
        return str(self.get_code_display())


class WorkingLanguage(models.Model):
    """A language a post's member works in. Reference rows, one per language of the site (apps.py)."""

    code = models.CharField(_("code"), max_length=10, primary_key=True, choices=settings.LANGUAGES)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("working language")
        verbose_name_plural = _("working languages")

    def __str__(self):
        return str(self.get_code_display())


def default_expiry():
    return timezone.localdate() + dt.timedelta(days=round(EXPIRY_MONTHS * 365.25 / 12))


class PostQuerySet(PublishableQuerySet):
    def active(self, today=None):
        """Listed on /exchange/: in an active state and not past the expiry date."""
        return self.filter(state__in=ACTIVE_STATES, expires_on__gte=today or timezone.localdate())

    def listed(self):
        """On /exchange/, its feed and the API's list: active posts of members the public can see."""
        members = Member.objects.published().values("pk")
        return self.published().active().filter(member__in=members).order_by("-published_at", "-pk")

    def with_card_relations(self):
        return self.select_related("member").prefetch_related("clusters", "formats")

    def next_change(self, now):
        """The next moment a public page changes with no save: a scheduled publication, or the start
        of the day after a listed post's expiry date (core.page_cache.watch)."""
        today = timezone.localdate(now)
        listed = models.Q(
            status=Status.PUBLISHED, published_at__lte=now, state__in=ACTIVE_STATES, expires_on__gte=today
        )
        found = self.aggregate(
            publication=models.Min("published_at", filter=scheduled(now)),
            last_day=models.Min("expires_on", filter=listed),
        )
        moments = [found["publication"]]
        if found["last_day"] is not None:
            day_after = dt.datetime.combine(found["last_day"] + dt.timedelta(days=1), dt.time.min)
            moments.append(timezone.make_aware(day_after))
        return min((moment for moment in moments if moment is not None), default=None)


class Post(Publishable):
    """A member's request or offer on the exchange."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="exchange_posts", verbose_name=_("member")
    )
    type = models.CharField(_("type"), max_length=20, choices=PostType.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=4000, help_text=_("Plain text; paragraphs kept."))
    details = models.TextField(
        _("what is sought or offered"),
        max_length=3000,
        help_text=_("The expertise, visit, technology or service, in concrete terms."),
    )
    clusters = models.ManyToManyField(
        "clusters.Cluster", blank=True, related_name="exchange_posts", verbose_name=_("clusters")
    )
    targets = models.ManyToManyField(
        "solutions.Target", blank=True, related_name="exchange_posts", verbose_name=_("SDG targets")
    )
    formats = models.ManyToManyField(Format, blank=True, related_name="posts", verbose_name=_("preferred formats"))
    languages = models.ManyToManyField(
        WorkingLanguage, blank=True, related_name="posts", verbose_name=_("working languages")
    )
    language = models.CharField(
        _("language of the text"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    state = models.CharField(_("state"), max_length=12, choices=PostState.choices, default=PostState.OPEN)
    expires_on = models.DateField(
        _("expires on"), default=default_expiry, help_text=_("Six months after posting unless renewed.")
    )
    # The last reminder sent for the current expiry date, as days before it (14, then 1; a renewal
    # clears it), so housekeeping never sends one twice.
    reminded_days = models.PositiveSmallIntegerField(_("reminded (days before expiry)"), null=True, blank=True)
    outcome = models.TextField(
        _("what came of it"), blank=True, help_text=_("The partner's answer once the post is met.")
    )
    follow_up_sent_at = models.DateTimeField(_("follow-up asked"), null=True, blank=True)
    matched_at = models.DateTimeField(_("suggestions computed"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("exchange post")
        verbose_name_plural = _("exchange posts")
        constraints = [
            status_constraint("exchange_post"),
            models.CheckConstraint(condition=models.Q(type__in=PostType.values), name="exchange_post_type_valid"),
            models.CheckConstraint(condition=models.Q(state__in=PostState.values), name="exchange_post_state_valid"),
        ]
        indexes = [
            models.Index(fields=["status", "state", "expires_on"], name="exchange_post_listed_idx"),
            models.Index(fields=["-published_at", "-id"], name="exchange_post_order_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("exchange:detail", self.slug)

    def clean(self):
        super().clean()
        if self.slug == "feed":  # /exchange/feed/ is the exchange's RSS
            raise ValidationError({"slug": _("This address is the exchange's feed; choose another.")})

    @property
    def is_request(self):
        return self.type in REQUESTS

    @property
    def is_listed(self):
        return self.is_public and self.state in ACTIVE_STATES and self.expires_on >= timezone.localdate()

    def renew(self):
        """Six more months from today; the reminders start again."""
        self.expires_on = default_expiry()
        self.reminded_days = None
        if self.state == PostState.EXPIRED:
            self.state = PostState.OPEN


class MissingContact(Exception):
    """A forward or an introduction would reach only one side: a member has no contact address."""

    def __init__(self, member):
        super().__init__(f"{member} has no contact address on file")
        self.member = member


class InterestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    FORWARDED = "forwarded", _("Forwarded")
    DECLINED = "declined", _("Declined")


class Interest(models.Model):
    """An expression of interest in a post. Private: staff forward it, never a page shows it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="interests", verbose_name=_("post"))
    # The member sending it, when a signed-in partner did (their /partner/ space lists it as sent).
    from_member = models.ForeignKey(
        "members.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_interests",
        verbose_name=_("from member"),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    proposal = models.TextField(_("what cooperation you propose"), max_length=3000)
    questions = models.TextField(_("what you need to know"), max_length=3000)
    about = models.TextField(_("who you are"), max_length=3000)
    language = models.CharField(_("language"), max_length=10, default="en", editable=False)
    form_token = models.UUIDField(_("form token"), unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=InterestStatus.choices, default=InterestStatus.RECEIVED
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    note = models.TextField(_("note to both sides"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=InterestStatus.values), name="exchange_interest_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status=InterestStatus.RECEIVED) | models.Q(reviewed_at__isnull=False),
                name="exchange_interest_decision_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="exchange_interest_queue_idx")]

    def __str__(self):
        return f"{self.organisation} → {self.post}"


class SuggestionStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    INTRODUCED = "introduced", _("Introduced")
    DISMISSED = "dismissed", _("Dismissed")


class SuggestionQuerySet(models.QuerySet):
    def without_mirrors(self):
        """Each pair of posts once: two open posts that complement each other are each other's
        suggestion (one row per side, for each member's partner space); staff see the first row."""
        mirror = Suggestion.objects.filter(
            post=models.OuterRef("other_post"), other_post=models.OuterRef("post"), pk__lt=models.OuterRef("pk")
        )
        return self.exclude(models.Exists(mirror))


class Suggestion(models.Model):
    """A complementary post, solution or member for an open post, with why (matching.py)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("post"))
    other_post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggested_for",
        verbose_name=_("suggested post"),
    )
    solution = models.ForeignKey(
        "solutions.Solution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggested_for",
        verbose_name=_("suggested solution"),
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggested_for",
        verbose_name=_("suggested member"),
    )
    score = models.FloatField(_("score"))
    # [{"kind": "cluster", "values": ["Waste"]}, {"kind": "target", "values": ["11.6"]}, …]; put into
    # words in the reader's language when shown (matching.describe).
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.SUGGESTED
    )
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("suggested match")
        verbose_name_plural = _("suggested matches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SuggestionStatus.values), name="exchange_suggestion_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(other_post__isnull=False, solution__isnull=True, member__isnull=True)
                    | models.Q(other_post__isnull=True, solution__isnull=False, member__isnull=True)
                    | models.Q(other_post__isnull=True, solution__isnull=True, member__isnull=False)
                ),
                name="exchange_suggestion_one_candidate",
            ),
            models.UniqueConstraint(
                fields=["post", "other_post"], condition=models.Q(other_post__isnull=False), name="exchange_once_post"
            ),
            models.UniqueConstraint(
                fields=["post", "solution"], condition=models.Q(solution__isnull=False), name="exchange_once_solution"
            ),
            models.UniqueConstraint(
                fields=["post", "member"], condition=models.Q(member__isnull=False), name="exchange_once_member"
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="exchange_suggestion_queue_idx")]

    def __str__(self):
        return f"{self.post} ↔ {self.candidate}"

    @property
    def candidate(self):
        return self.other_post or self.solution or self.member


register_history(Post, excluded_fields=["search_vector"])
