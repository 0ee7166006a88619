from functools import partial

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from atlas.context import overview
from core.fragments import in_order, remembered_rows
from core.page_cache import cacheable
from events.lists import remembered_events
from events.models import Event, Recording
from members.models import Member, Membership
from news.lists import remembered_articles
from news.models import Article
from solutions.lists import remembered_solutions
from solutions.models import Solution

from .models import Cluster, with_member_counts

# The page shows at most this many featured members; the directory link lists them all.
FEATURED_LIMIT = 24
NEWEST_LIMIT = 6
RECORDINGS_LIMIT = 6
SOLUTIONS_LIMIT = 6


@cacheable
@require_safe
def cluster_list(request):
    clusters = with_member_counts(Cluster.objects.published().order_by("-is_active", "order", "name"))
    return render(request, "clusters/cluster_list.html", {"clusters": clusters})


def _cluster_members(name, cluster, featured, order, limit):
    """Featured or other members of a cluster, for cards. Picked from long lists (at 100,000
    members the newest memberships are mostly of members not yet published), so the pick is
    remembered per content generation and the rows are read only to draw the cards."""

    def memberships():  # built only when the pick is not remembered
        chosen = Membership.objects.filter(cluster=cluster, is_featured=featured, member__in=Member.objects.published())
        return chosen.order_by(*order)[:limit]

    return remembered_rows(
        name,
        lambda: memberships().values_list("member_id", flat=True),
        lambda keys: in_order(Member.objects.for_cards(), keys),
        cluster.pk,
    )


@cacheable
@require_safe
def cluster_detail(request, slug):
    cluster = get_object_or_404(Cluster.objects.published(), slug=slug)
    return render(request, "clusters/cluster_detail.html", cluster_context(cluster))


def cluster_context(cluster):
    """What the cluster's page shows (also its staff preview, clusters/admin.py)."""
    members = Member.objects.published().filter(memberships__cluster=cluster)
    featured = _cluster_members("cluster.featured", cluster, True, ("order", "member__name"), FEATURED_LIMIT)
    # Members who are not featured still show up here when they join (e.g. an approved partner).
    newest = _cluster_members("cluster.newest", cluster, False, ("-joined_on", "-pk"), NEWEST_LIMIT)
    events = Event.objects.filter(clusters=cluster)
    recordings = Recording.objects.filter(event__in=events.published()).order_by("-event__starts_at", "order", "pk")[
        :RECORDINGS_LIMIT
    ]
    atlas = overview(
        members=members,
        events=events,
        clusters=[cluster],
        filters={"cluster": cluster.slug},
        scope=("cluster", cluster.pk),
    )
    return {
        "cluster": cluster,
        "atlas": atlas,
        "figures": atlas["figures"],
        "featured_members": featured,
        "newest_members": newest,
        "articles": remembered_articles(
            "cluster.articles", lambda: Article.objects.latest().filter(clusters=cluster)[:4], cluster.pk
        ),
        "solutions": remembered_solutions(
            "cluster.solutions",
            lambda: Solution.objects.latest().filter(clusters=cluster)[:SOLUTIONS_LIMIT],
            cluster.pk,
        ),
        "upcoming_events": remembered_events("cluster.upcoming", lambda: events.upcoming()[:4], cluster.pk),
        "past_events": remembered_events("cluster.past", lambda: events.past()[:6], cluster.pk),
        "recordings": remembered_rows(
            "cluster.recordings",
            recordings.values_list("pk", flat=True),
            partial(in_order, Recording.objects.select_related("event").prefetch_related("links")),
            cluster.pk,
        ),
    }
