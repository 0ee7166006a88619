from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from atlas.context import overview
from core.page_cache import cacheable
from events.models import Event, Recording
from members.models import Member, Membership
from news.models import Article

from .models import Cluster, with_member_counts

# The page shows at most this many featured members; the directory link lists them all.
FEATURED_LIMIT = 24
NEWEST_LIMIT = 6


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
    featured = (
        Membership.objects.filter(cluster=cluster, is_featured=True, member__in=Member.objects.published())
        .select_related("member")
        .defer("member__description", "member__contact_name", "member__contact_email")
        .order_by("order", "member__name")[:FEATURED_LIMIT]
    )
    # Members who are not featured still show up here when they join (e.g. an approved partner).
    newest = (
        Membership.objects.filter(cluster=cluster, is_featured=False, member__in=Member.objects.published())
        .select_related("member")
        .defer("member__description", "member__contact_name", "member__contact_email")
        .order_by("-joined_on", "-pk")[:NEWEST_LIMIT]
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
        "featured_members": [membership.member for membership in featured],
        "newest_members": [membership.member for membership in newest],
        "articles": Article.objects.latest()
        .filter(clusters=cluster)
        .prefetch_related(Prefetch("clusters", queryset=published_clusters), "categories")[:4],
        "upcoming_events": events.upcoming()[:4],
        "past_events": events.past()[:6],
        "recordings": Recording.objects.filter(event__in=events.published())
        .select_related("event")
        .prefetch_related("links")
        .order_by("-event__starts_at", "order", "pk")[:6],
    }
    return render(request, "clusters/cluster_detail.html", context)
