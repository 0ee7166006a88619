from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusters.models import Cluster
from core import images
from core.fields import RichTextField
from core.publishing import Publishable, PublishableQuerySet, status_constraint


class Category(models.Model):
    """A news category: News, Webinars, Events, Cities Project, COVID-19 Response…"""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class ArticleQuerySet(PublishableQuerySet):
    def latest(self):
        return self.published().order_by("-published_at", "-pk")

    def for_cards(self):
        """With what an article card shows: its published clusters and its categories, in two queries."""
        return self.prefetch_related(Prefetch("clusters", queryset=Cluster.objects.published()), "categories")

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
    # Who changed what and when; Editors can see and restore earlier versions in the admin.
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        constraints = [status_constraint("article")]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_public_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})
