import datetime as dt

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import card_clusters, cluster_links
from core import images
from core.content_language import SavedInSourceLanguage
from core.fields import RichTextField
from core.page_cache import ContentQuerySet
from core.publishing import Publishable, PublishableQuerySet, Status, status_constraint
from core.urls import reverse_slug
from members.models import Member


class Category(SavedInSourceLanguage, models.Model):
    """A news category: News, Webinars, Events, Cities Project, COVID-19 Response…

    Its name is translated (translation.py); lists keep the order of `order`, then the English name."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        # F(): django-modeltranslation would rewrite "name" to the active language's column, mostly
        # NULL, which sorts first on SQLite and last on PostgreSQL (see members.models.by_name).
        ordering = ["order", F("name").asc()]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


# One index probe per year on article_public_idx: the latest published date before the start of
# each year already found, until there is none.
PUBLISHED_YEARS_SQL = """
WITH RECURSIVE years(y) AS (
    SELECT date_trunc('year', MAX(published_at) AT TIME ZONE %s)
    FROM news_article WHERE status = %s AND published_at < %s
  UNION ALL
    SELECT (
        SELECT date_trunc('year', MAX(published_at) AT TIME ZONE %s)
        FROM news_article WHERE status = %s AND published_at < (years.y AT TIME ZONE %s)
    )
    FROM years WHERE years.y IS NOT NULL
)
SELECT y FROM years WHERE y IS NOT NULL
"""


class ArticleQuerySet(PublishableQuerySet):
    def latest(self):
        return self.published().order_by("-published_at", "-pk")

    def published_years(self):
        """The years that have published articles, newest first.

        On PostgreSQL this is a loose index scan: a recursive query that asks the
        (status, published_at) index for the latest date before each year found, so it costs one
        index probe per year instead of reading every published date (~100 ms at 200,000
        articles). Elsewhere (SQLite: small databases) Django's `dates()` does the same job.
        """
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return [day.year for day in self.published().dates("published_at", "year", order="DESC")]
        zone = timezone.get_current_timezone_name()
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                PUBLISHED_YEARS_SQL,
                [zone, Status.PUBLISHED, now + dt.timedelta(microseconds=1), zone, Status.PUBLISHED, zone],
            )
            return [row[0].year for row in cursor.fetchall()]

    def for_cards(self):
        """With what an article card shows: its published clusters and its categories, in two queries.

        Only what a card shows of the clusters is read (clusters.models.card_clusters): a whole
        cluster row is its intro and rich description in every language, which made this query a
        third of an article page."""
        return self.prefetch_related(card_clusters(), "categories")

    def related_to(self, article, *, cluster_ids, category_ids):
        """Published articles sharing a cluster or a category with `article`, newest first, itself left out."""
        shared = Q(clusters__in=cluster_ids) | Q(categories__in=category_ids)
        matching = Article.objects.filter(shared).values("pk")
        return self.latest().filter(pk__in=matching).exclude(pk=article.pk)


class Article(Publishable):
    """A news article. `published_at` is its publication date-time."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(_("body"), blank=True)
    lead_image = models.ImageField(_("lead image"), upload_to="news/", blank=True)
    lead_image_caption = models.CharField(_("lead image caption"), max_length=300, blank=True)
    # Weighted full-text document for site search. PostgreSQL keeps it current with a trigger
    # (search/migrations/0001_postgres_search.py) on every insert and text change; NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    clusters = models.ManyToManyField(
        "clusters.Cluster", blank=True, related_name="articles", verbose_name=_("clusters")
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="articles", verbose_name=_("categories"))
    related_members = models.ManyToManyField(
        "members.Member", blank=True, related_name="articles", verbose_name=_("related members")
    )

    lead_large = images.fill("lead_image", *images.HERO)
    lead_small = images.fill("lead_image", *images.HERO_SMALL)
    lead_card = images.fill("lead_image", *images.CARD)
    thumbnail = images.fill("lead_image", *images.THUMB)

    objects = ArticleQuerySet.as_manager()
    # `history` (who changed what and when, every language included) is registered in translation.py,
    # after the translated columns exist, so each version keeps every translation.

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        constraints = [status_constraint("article")]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_public_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("news:detail", self.slug)  # core.urls: the resolver once per language

    def page_relations(self):
        """What the article's page shows besides the article, as template context: its published
        `clusters` (as ClusterLinks), its `categories` and its published `related_members`.

        A query each, not prefetch_related: for one object Django's prefetching costs more than the
        query it runs (Event.page_relations).
        """
        return {
            "clusters": cluster_links(
                Article.clusters.through.objects.filter(article=self).values_list("cluster_id", flat=True)
            ),
            "categories": list(Category.objects.filter(articles=self)),
            "related_members": list(Member.objects.published().filter(articles=self).only("name", "slug")),
        }
