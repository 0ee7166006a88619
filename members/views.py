from functools import partial

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from atlas.context import directory_map
from clusters.models import Cluster
from core.content_language import every_column
from core.fragments import in_order, remembered_rows
from core.page_cache import cacheable
from core.paging import paginate
from events.lists import remembered_events
from events.models import Event
from news.lists import remembered_articles
from news.models import Article
from solutions.lists import remembered_solutions
from solutions.models import Solution

from .filters import MemberFilter
from .models import Member, Membership

PER_PAGE = 24


def _page_members(page_obj, scope):
    """The page's members: their ids picked once per content generation, filters and page (page
    200 reads 4,800 index entries to skip the first 199 pages), the rows read only to draw cards
    that are not remembered. A text search (scope None) is read afresh."""
    members = page_obj.object_list
    if scope is None:
        return members
    return remembered_rows(
        "directory.page",
        members.values_list("pk", flat=True),
        partial(in_order, Member.objects.for_directory()),
        scope,
        page_obj.number,
    )


@cacheable
@require_safe
def member_list(request):
    clusters = list(Cluster.objects.published().only("pk", "slug", "name", "short_name", "order"))
    directory = MemberFilter(request.GET, Member.objects.for_directory(), clusters=clusters, request=request)
    page_obj, context = paginate(request, directory, PER_PAGE)
    facets = directory.facets()
    context |= {
        "facets": facets,
        "facet_groups": directory.facet_groups(facets),
        "members": _page_members(page_obj, directory.scope),
        "members_map": directory_map(directory.qs, context["query"], scope=directory.scope),
    }
    return render(request, "members/member_list.html", context)


@cacheable
@require_safe
def member_detail(request, slug):
    member = get_object_or_404(Member.objects.published(), slug=slug)
    return render(request, "members/member_detail.html", member_context(member))


def member_context(member):
    """What the profile shows (also its staff preview, members/admin.py)."""
    published_clusters = Cluster.objects.published()
    memberships = list(
        Membership.objects.filter(member=member, cluster__in=published_clusters)
        .select_related("cluster")
        # What the profile shows of a cluster, not its intro and description in every language.
        .only("cluster", "joined_on", "cluster__slug", *every_column("name", "short_name", through="cluster__"))
        .order_by("cluster__order", "cluster__name")
    )
    return {
        "member": member,
        "memberships": memberships,
        "member_since": min((membership.joined_on for membership in memberships), default=None),
        # Which articles and events the profile shows is remembered per content generation, like
        # the cluster page's lists (docs/architecture.md).
        "articles": remembered_articles(
            "member.articles", lambda: Article.objects.latest().filter(related_members=member)[:4], member.pk
        ),
        "solutions": remembered_solutions(
            "member.solutions",
            lambda: Solution.objects.latest().filter(
                Q(lead_member=member)
                | Q(pk__in=Solution.partners.through.objects.filter(member=member).values("solution_id"))
            )[:6],
            member.pk,
        ),
        "upcoming_events": remembered_events(
            "member.upcoming", lambda: Event.objects.filter(hosts=member).upcoming()[:4], member.pk
        ),
        "past_events": remembered_events(
            "member.past", lambda: Event.objects.filter(hosts=member).past()[:4], member.pk
        ),
    }
