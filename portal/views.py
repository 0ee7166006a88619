from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from atlas.context import overview
from clusters.models import Cluster, with_member_counts
from core.page_cache import cacheable
from events.lists import remembered_events
from events.models import Event
from members.models import Member
from news.lists import remembered_articles
from news.models import Article
from solutions.lists import remembered_solutions
from solutions.models import Solution

# What the home page's cluster cards and the events chart read of a cluster.
CLUSTER_CARD_COLUMNS = [
    "name",
    "short_name",
    "slug",
    "intro",
    "hero_image",
    "colour",
    "icon",
    "order",
    "is_active",
    "status",
    "published_at",
]


@cacheable
@require_safe
def home(request):
    # One query for the cards (the active clusters) and the events chart (every published cluster).
    published_clusters = list(Cluster.objects.published().order_by("order", "name").only(*CLUSTER_CARD_COLUMNS))
    clusters = with_member_counts(cluster for cluster in published_clusters if cluster.is_active)
    atlas = overview(
        members=Member.objects.published(), events=Event.objects.all(), clusters=published_clusters, scope="all"
    )
    context = {
        "atlas": atlas,
        "clusters": clusters,
        "articles": remembered_articles("home.articles", lambda: Article.objects.latest()[:4]),
        # Picked by walking the events in date order; remembered until content changes or the
        # next event ends (core.page_cache.next_scheduled_change).
        "upcoming_events": remembered_events("home.upcoming", lambda: Event.objects.upcoming()[:3]),
        "recent_events": remembered_events("home.recent", lambda: Event.objects.past()[:3]),
        "solutions": remembered_solutions("home.solutions", lambda: Solution.objects.latest()[:3]),
        "counts": {**atlas["figures"], "clusters": len(clusters)},
    }
    return render(request, "core/home.html", context)


@cacheable
@require_safe
def web_manifest(request):
    """The web app manifest, in the page's language: the name, the icons and where the site starts."""
    manifest = {
        "name": settings.SITE_NAME,
        "short_name": _("South-South Cities"),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("home"),
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#07476c",
        "icons": [
            {"src": static("icons/mark.svg"), "type": "image/svg+xml", "sizes": "any"},
            {"src": static("icons/icon-192.png"), "type": "image/png", "sizes": "192x192"},
            {"src": static("icons/icon-512.png"), "type": "image/png", "sizes": "512x512"},
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
