"""Good practices: what a member did about a challenge, its results, and the SDG targets it serves.

The 17 Sustainable Development Goals and their 169 targets are reference data, loaded with their
official titles in six languages by migrations/0002_sdg_reference_data.py (data/sdg.json, from
Open SDG's translations, MIT licence: data/LICENSE).
"""

import re

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core import images
from core.content_language import every_column
from core.fields import RichTextField
from core.page_cache import ContentQuerySet
from core.publishing import Publishable, PublishableQuerySet, status_constraint
from core.urls import reverse_slug

# A goal ("11") or a target ("11.2", "6.a"), as the `sdg` parameter takes them.
SDG_CODE = re.compile(r"^(?P<goal>[1-9]|1[0-7])(?:\.(?P<target>[1-9][0-9]?|[a-z]))?$")
FIRST_YEAR, LAST_YEAR = 1990, 2100
LONG_TEXTS = ("challenge", "approach", "results_text", "replication")


class Goal(models.Model):
    """One of the 17 Sustainable Development Goals. Titles translated (translation.py)."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    short = models.CharField(_("short title"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    colour = models.CharField(_("colour"), max_length=7, help_text=_("The goal's official colour."))

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")

    def __str__(self):
        return f"{self.number}. {self.short}"

    @property
    def code(self):
        return str(self.number)

    @property
    def text_colour(self):
        """Black or white, whichever reads better on the goal's colour (WCAG relative luminance)."""
        red, green, blue = (int(self.colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
        luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        return "#000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#fff"


class Target(models.Model):
    """One of the 169 SDG targets: `11.2`, `6.a`… Titles translated (translation.py)."""

    # The official code is the key: stable across databases, fixtures and reloads of the reference data.
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="targets", verbose_name=_("goal"))
    title = models.TextField(_("title"))
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Official order within the goal."))

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "order"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self):
        return self.code


class Stage(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    SCALING_UP = "scaling", _("Scaling up")


class SolutionQuerySet(PublishableQuerySet):
    def latest(self):
        return self.published().order_by("-published_at", "-pk")

    def with_card_relations(self):
        """With what a card shows besides the solution: its lead member, and its targets' goals."""
        return self.select_related("lead_member").prefetch_related(
            models.Prefetch("targets", queryset=Target.objects.select_related("goal"))
        )

    def for_cards(self):
        """Published solutions with what a card shows: not the long texts, in any language."""
        return self.published().defer(*every_column(*LONG_TEXTS))


class Solution(Publishable):
    """A good practice: a member's answer to a challenge, how it went and how to repeat it."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=600, help_text=_("Two or three plain sentences for cards."))
    challenge = RichTextField(_("the challenge"), blank=True)
    approach = RichTextField(_("what was done"), blank=True)
    results_text = RichTextField(_("results in words"), blank=True)
    replication = RichTextField(_("how others can replicate it"), blank=True)
    # Where the practice itself stands (the `status` parameter of /solutions/); `status` is the
    # publication status every content type has (core.publishing).
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.ONGOING)
    first_year = models.PositiveSmallIntegerField(
        _("from (year)"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("until (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("Empty while it goes on."),
    )
    lead_member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="led_solutions",
        verbose_name=_("lead member"),
    )
    partners = models.ManyToManyField(
        "members.Member", blank=True, related_name="partner_solutions", verbose_name=_("partner members")
    )
    clusters = models.ManyToManyField(
        "clusters.Cluster", blank=True, related_name="solutions", verbose_name=_("clusters")
    )
    extra_countries = CountryField(
        _("other countries"),
        multiple=True,
        blank=True,
        help_text=_("Countries where it was applied besides those of its members."),
    )
    targets = models.ManyToManyField(Target, blank=True, related_name="solutions", verbose_name=_("SDG targets"))
    lead_image = models.ImageField(_("image"), upload_to="solutions/", blank=True)
    lead_image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    related_articles = models.ManyToManyField(
        "news.Article", blank=True, related_name="solutions", verbose_name=_("related news")
    )
    related_events = models.ManyToManyField(
        "events.Event", blank=True, related_name="solutions", verbose_name=_("related events")
    )
    search_vector = SearchVectorField(null=True, editable=False)

    lead_large = images.fill("lead_image", *images.HERO)
    lead_small = images.fill("lead_image", *images.HERO_SMALL)
    lead_card = images.fill("lead_image", *images.CARD)
    thumbnail = images.fill("lead_image", *images.THUMB)

    objects = SolutionQuerySet.as_manager()
    # `history` is registered in translation.py, after the translated columns exist.

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        constraints = [
            status_constraint("solution"),
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="solution_stage_valid"),
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True) | models.Q(last_year__gte=models.F("first_year")),
                name="solution_years_in_order",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="solution_public_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("solutions:detail", self.slug)

    def clean(self):
        super().clean()
        if self.slug == "feed":  # /solutions/feed/ is the RSS of the good practices (feeds/urls.py)
            raise ValidationError({"slug": _("This address is the good practices' feed; choose another.")})

    @property
    def goals(self):
        """The goals of its targets, in order, once each (from `targets` prefetched with their goals)."""
        goals = {target.goal_id: target.goal for target in self.targets.all()}
        return [goals[number] for number in sorted(goals)]


class SolutionResult(models.Model):
    """A result as a number: an indicator's value against its baseline, with the year and the source."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="results", verbose_name=_("solution"))
    indicator = models.CharField(_("indicator"), max_length=200, help_text=_('e.g. "Daily bus passengers"'))
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=3, null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_('e.g. "tonnes a year", "%"'))
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("When it was measured; empty when the source does not say."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True, help_text=_("Who measured it, or a report."))
    source_url = models.URLField(_("source address"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("result")
        verbose_name_plural = _("results as numbers")

    def __str__(self):
        return self.indicator


class LinkKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    VIDEO = "video", _("Video")
    WEBSITE = "website", _("Website")


class SolutionLink(models.Model):
    """A document, video or website about a solution."""

    solution = models.ForeignKey(Solution, on_delete=models.CASCADE, related_name="links", verbose_name=_("solution"))
    kind = models.CharField(_("kind"), max_length=10, choices=LinkKind.choices, default=LinkKind.DOCUMENT)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("documents and videos")

    def __str__(self):
        return self.title
