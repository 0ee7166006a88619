"""/sitemap.xml: every published page in every language, with the time it last changed and its
hreflang alternates (each language and x-default, English).

Addresses are on the site's own address (core.urls.site_url: SITE_URL when set).
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse

from clusters.models import Cluster
from core.urls import site_url
from events.models import Event
from exchange.models import Post
from members.models import Member
from news.models import Article
from pages.models import Page
from solutions.models import Solution


class CanonicalSitemap(Sitemap):
    limit = 5000
    i18n = True  # one <url> per page and language, each listing every language as an alternate
    alternates = True
    x_default = True

    def get_domain(self, site=None):
        return urlsplit(site_url()).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme or "https"


def _last_change(queryset):
    """When a published item last changed or came out, whichever is later."""
    return queryset.aggregate(last=Max(Greatest("updated_at", "published_at")))["last"]


class LanguageItems:
    """(item, language) pairs over a queryset, for the paginator, without loading the whole queryset:
    its length comes from one COUNT, and a page from one slice of the queryset."""

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = list(languages)

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __getitem__(self, window):
        per_item = len(self.languages)
        start, stop = window.start or 0, window.stop
        first, last = start // per_item, -(-stop // per_item)
        pairs = [(item, code) for item in self.queryset[first:last] for code in self.languages]
        offset = start - first * per_item
        return pairs[offset : offset + (stop - start)]


class PublishedSitemap(CanonicalSitemap):
    model = None
    order = ("pk",)

    def _items(self):
        return LanguageItems(self.items(), self._languages())

    def items(self):
        return (
            self.model.objects.published()
            .annotate(last_change=Greatest("updated_at", "published_at"))
            .only("slug", "updated_at", "published_at")
            .order_by(*self.order)
        )

    def lastmod(self, obj):
        return obj.last_change

    def get_latest_lastmod(self):
        return _last_change(self.model.objects.published())


class ClusterSitemap(PublishedSitemap):
    model = Cluster
    priority = 0.8
    order = ("order", "pk")


class MemberSitemap(PublishedSitemap):
    model = Member
    order = ("name", "pk")


class ArticleSitemap(PublishedSitemap):
    model = Article
    order = ("-published_at", "-pk")


class EventSitemap(PublishedSitemap):
    model = Event
    order = ("-starts_at", "-pk")


class SolutionSitemap(PublishedSitemap):
    model = Solution
    order = ("-published_at", "-pk")


class PostSitemap(PublishedSitemap):
    """Every published exchange post, open or closed: a closed one keeps its page, marked closed."""

    model = Post
    order = ("-published_at", "-pk")


class StaffPageSitemap(PublishedSitemap):
    """About, Contact, Privacy, Accessibility and the other pages staff write."""

    model = Page
    order = ("slug",)


class ListPageSitemap(CanonicalSitemap):
    """The home page and the list pages; each changed when the newest item it lists changed."""

    priority = 0.9
    pages = {
        "home": (Cluster, Member, Article, Event, Solution),
        "clusters:list": (Cluster,),
        "members:list": (Member,),
        "news:list": (Article,),
        "events:list": (Event,),
        "solutions:list": (Solution,),
        "exchange:list": (Post,),
        "opendata:index": (Cluster, Member, Article, Event, Solution, Post),
    }

    def items(self):
        return list(self.pages)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if not hasattr(self, "_lastmods"):
            models = {model for pages in self.pages.values() for model in pages}
            self._lastmods = {model: _last_change(model.objects.published()) for model in models}
        return max((self._lastmods[model] for model in self.pages[item] if self._lastmods[model]), default=None)

    def get_latest_lastmod(self):
        return self.lastmod("home")


SITEMAPS = {
    "pages": ListPageSitemap,
    "clusters": ClusterSitemap,
    "members": MemberSitemap,
    "news": ArticleSitemap,
    "events": EventSitemap,
    "solutions": SolutionSitemap,
    "exchange": PostSitemap,
    "about": StaffPageSitemap,
}
