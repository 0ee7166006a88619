from functools import partial

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from atlas.context import overview
from core.fragments import in_order, remembered_rows
from core.page_cache import cacheable
from events.lists import remembered_events
from events.models import Event, Recording
from members.models import Member, Membership
from news.models import Article

from .models import Cluster, with_member_counts

# The page shows at most this many featured members; the directory link lists them all.
FEATURED_LIMIT = 24
NEWEST_LIMIT = 6
RECORDINGS_LIMIT = 6
CARD_DEFERRED = ("description", "contact_name", "contact_email")  # a member card shows none of these


@cacheable
@require_safe
def cluster_list(request):
    clusters = with_member_counts(Cluster.objects.published().order_by("-is_active", "order", "name"))
    return render(request, "clusters/cluster_list.html", {"clusters": clusters})


@cacheable
@require_safe
def cluster_detail(request, slug):
    published_clusters = Cluster.objects.published()
    cluster = get_object_or_404(published_clusters, slug=slug)
    members = Member.objects.published().filter(memberships__cluster=cluster)
    # The cluster's featured and newest members, and its latest recordings, are picked from long
    # lists (at 100,000 members the newest memberships are mostly of members not yet published):
    # the picks are remembered per content generation, and the rows are read only to draw them.
    published_members = Member.objects.published()
    featured = remembered_rows(
        "cluster.featured",
        Membership.objects.filter(cluster=cluster, is_featured=True, member__in=published_members)
        .order_by("order", "member__name")
        .values_list("member_id", flat=True)[:FEATURED_LIMIT],
        partial(in_order, published_members.defer(*CARD_DEFERRED)),
        cluster.pk,
    )
    # Members who are not featured still show up here when they join (e.g. an approved partner).
    newest = remembered_rows(
        "cluster.newest",
        Membership.objects.filter(cluster=cluster, is_featured=False, member__in=published_members)
        .order_by("-joined_on", "-pk")
        .values_list("member_id", flat=True)[:NEWEST_LIMIT],
        partial(in_order, published_members.defer(*CARD_DEFERRED)),
        cluster.pk,
    )
    events = Event.objects.filter(clusters=cluster)
    atlas = overview(
        members=members,
        events=events,
        clusters=[cluster],
        filters={"cluster": cluster.slug},
        scope=("cluster", cluster.pk),
    )
    context = {
        "cluster": cluster,
        "atlas": atlas,
        "figures": atlas["figures"],
        "featured_members": featured,
        "newest_members": newest,
        "articles": Article.objects.latest()
        .filter(clusters=cluster)
        .prefetch_related(Prefetch("clusters", queryset=published_clusters), "categories")[:4],
        "upcoming_events": remembered_events("cluster.upcoming", events.upcoming()[:4], cluster.pk),
        "past_events": remembered_events("cluster.past", events.past()[:6], cluster.pk),
        "recordings": remembered_rows(
            "cluster.recordings",
            Recording.objects.filter(event__in=events.published())
            .order_by("-event__starts_at", "order", "pk")
            .values_list("pk", flat=True)[:RECORDINGS_LIMIT],
            partial(in_order, Recording.objects.select_related("event").prefetch_related("links")),
            cluster.pk,
        ),
    }
    return render(request, "clusters/cluster_detail.html", context)
