from typing import NamedTuple

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import images
from core.aggregates import remember
from core.content_language import SavedInSourceLanguage
from core.fields import RichTextField
from core.page_cache import ContentQuerySet
from core.publishing import Publishable, PublishableQuerySet, Status, status_constraint
from core.urls import reverse_slug

from .artwork import HEX, Colour, Icon, icon_url


class ClusterQuerySet(PublishableQuerySet):
    def active(self):
        return self.filter(is_active=True)


def published_member_counts():
    """{cluster pk: its published members}. One grouped query over the memberships, remembered per
    content generation (core.aggregates): at 100,000 members it takes about 100 ms."""

    def counted():
        memberships = Cluster.memberships.rel.related_model.objects.filter(
            member__status=Status.PUBLISHED, member__published_at__lte=timezone.now()
        )
        return dict(memberships.order_by().values_list("cluster_id").annotate(members=models.Count("member_id")))

    return remember("clusters.member_counts", counted)


class ClusterLink(NamedTuple):
    """What a page's list of clusters shows of one: its names in the active language, its address and
    its slug (for "follow by email")."""

    pk: int
    name: str
    short_name: str
    url: str
    slug: str

    def get_absolute_url(self):
        return self.url


def cluster_links(pks):
    """The published clusters among `pks` (cluster keys, or a values_list of them to use as a
    subquery), in display order, as ClusterLinks in the active language: what an event or article
    page lists of its clusters. One query."""
    return [
        ClusterLink(cluster.pk, cluster.name, cluster.short_name, cluster.get_absolute_url(), cluster.slug)
        for cluster in Cluster.objects.published().filter(pk__in=pks).only("name", "short_name", "slug")
    ]


def with_member_counts(clusters):
    """`clusters` as a list, each with `member_count`: its published members only."""
    counts = published_member_counts()
    clusters = list(clusters)
    for cluster in clusters:
        cluster.member_count = counts.get(cluster.pk, 0)
    return clusters


class Cluster(Publishable):
    """A thematic group of cities and organisations that share practice."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True, help_text=_('e.g. "Transport"'))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    intro = models.TextField(_("intro"), max_length=600, help_text=_("One or two plain sentences shown on cards."))
    description = RichTextField(_("description"), blank=True)
    hero_image = models.ImageField(_("hero image"), upload_to="clusters/", blank=True)
    hero_caption = models.CharField(_("hero caption"), max_length=300, blank=True)
    hero_credit = models.CharField(_("hero credit"), max_length=200, blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=10,
        choices=Colour,
        default=Colour.BLUE,
        help_text=_("Its tags, its part of the events chart and its artwork. Give each cluster its own."),
    )
    icon = models.CharField(
        _("icon"),
        max_length=20,
        choices=Icon,
        blank=True,
        help_text=_("Drawn white on the colour on cards that have no photo. Empty: the portal's mark."),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Full-text document for the site search, kept by a PostgreSQL trigger (search/migrations/0006).
    search_vector = SearchVectorField(null=True, editable=False)

    hero_large = images.fill("hero_image", *images.HERO)
    hero_small = images.fill("hero_image", *images.HERO_SMALL)
    thumbnail = images.fill("hero_image", *images.THUMB)

    objects = ClusterQuerySet.as_manager()
    # `history` (who changed what and when, every language included) is registered in translation.py,
    # after the translated columns exist, so each version keeps every translation.

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [status_constraint("cluster")]
        indexes = [models.Index(fields=["status", "published_at"], name="cluster_public_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("clusters:detail", self.slug)  # core.urls: the resolver once per language

    @property
    def colour_hex(self):
        return HEX[self.colour]

    @property
    def icon_url(self):
        return icon_url(self.icon) if self.icon else None


class ClusterFigure(SavedInSourceLanguage, models.Model):
    """A figure the cluster's page quotes in its intro, as an editor gives it: "22 member cities"."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="figures", verbose_name=_("cluster"))
    value = models.CharField(_("figure"), max_length=20, help_text=_('As it should read, e.g. "22" or "2019".'))
    label = models.CharField(_("label"), max_length=80, help_text=_('What it counts, e.g. "member cities".'))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["cluster_id", "order", "pk"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures in the intro")

    def __str__(self):
        return f"{self.value} {self.label}"


def card_clusters():
    """Prefetch of an article's or event's published clusters with what its card shows of them: the
    names, the slug, the colour and the icon (the first one's artwork stands in for a missing photo)."""
    return models.Prefetch(
        "clusters", queryset=Cluster.objects.published().only("name", "short_name", "slug", "colour", "icon")
    )
