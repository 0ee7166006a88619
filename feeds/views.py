"""RSS of the news (all, and per cluster), of the good practices and of the exchange's open posts, and
an iCalendar of the events.

Each answer carries an ETag computed from its body, so a feed reader that polls often gets a
304 until something it would show has changed (including an item being unpublished).
"""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import conditional_page, require_safe

from clusters.models import Cluster
from core.page_cache import cacheable
from core.urls import site_url
from events.calendar import calendar_bytes
from events.models import Event
from exchange.models import Post
from news.models import Article
from solutions.models import Solution

FEED_LENGTH = 30
CALENDAR_LENGTH = 500


def _absolute(path):
    return f"{site_url()}{path}"


@method_decorator(conditional_page, name="__call__")
class NewsFeed(Feed):
    """The latest published news articles."""

    title = _("News · South-South Cities Clusters")
    description = _("News, webinars and reports from the South-South Cities Clusters.")

    def link(self):
        return _absolute(reverse("news:list"))

    def feed_url(self):
        return _absolute(reverse("feeds:news"))

    def articles(self):
        return Article.objects.latest().for_cards()

    def items(self):
        return self.articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or Truncator(strip_tags(item.body)).words(60)

    def item_link(self, item):
        return _absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        return [cluster.name for cluster in item.clusters.all()] + [category.name for category in item.categories.all()]


class ClusterNewsFeed(NewsFeed):
    """The latest published news of one cluster."""

    def get_object(self, request, slug):
        return get_object_or_404(Cluster.objects.published(), slug=slug)

    def title(self, obj):
        return _("%(cluster)s · South-South Cities Clusters") % {"cluster": obj.name}

    def description(self, obj):
        return obj.intro

    def link(self, obj):
        return _absolute(obj.get_absolute_url())

    def feed_url(self, obj):
        return _absolute(reverse("feeds:cluster", kwargs={"slug": obj.slug}))

    def items(self, obj):
        return self.articles().filter(clusters=obj)[:FEED_LENGTH]


@method_decorator(conditional_page, name="__call__")
class SolutionFeed(Feed):
    """The latest published good practices."""

    title = _("Good practices · South-South Cities Clusters")
    description = _("What cities and organisations of the Global South did about a challenge, and what came of it.")

    def link(self):
        return _absolute(reverse("solutions:list"))

    def feed_url(self):
        return _absolute(reverse("feeds:solutions"))

    def items(self):
        return Solution.objects.latest().with_card_relations().prefetch_related("clusters")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return _absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        goals = [_("SDG %(number)s") % {"number": goal.number} for goal in item.goals]
        return [cluster.name for cluster in item.clusters.all()] + goals


@method_decorator(conditional_page, name="__call__")
class ExchangeFeed(Feed):
    """The latest open posts of the exchange (those /exchange/ lists): a post that closes leaves it.
    Nothing of the member but its name is in an item; never a contact detail."""

    title = _("Partnership exchange · South-South Cities Clusters")
    description = _("What member cities and organisations need and offer: expertise, study visits, technology.")

    def link(self):
        return _absolute(reverse("exchange:list"))

    def feed_url(self):
        return _absolute(reverse("feeds:exchange"))

    def items(self):
        return Post.objects.listed().select_related("member").prefetch_related("clusters")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return Truncator(item.description).words(60)

    def item_link(self, item):
        return _absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.member.name if item.member.is_public else None

    def item_categories(self, item):
        return [str(item.get_type_display()), *(cluster.name for cluster in item.clusters.all())]


@cacheable
@require_safe
@conditional_page
def events_ics(request):
    """All published events (the latest CALENDAR_LENGTH), for calendar subscriptions."""
    events = Event.objects.published().order_by("-starts_at", "-pk")[:CALENDAR_LENGTH]
    calendar = calendar_bytes(
        events,
        name=str(_("Events · South-South Cities Clusters")),
        description=str(_("Webinars, workshops and meetings of the South-South Cities Clusters.")),
        refresh=dt.timedelta(hours=6),
    )
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="south-south-cities-events.ics"'
    return response
