"""The public exchange: /exchange/, the open posts with their filters, and a page per post.

The list shows only listed posts (published, in an active state, not past their expiry date); a
post's page stays for any published post, and one that is met, withdrawn or expired says that it
is closed and takes no more interest. No page shows a contact detail: interest goes through the
secretariat (exchange/interest.py).
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from clusters.models import Cluster, cluster_links
from core.page_cache import cacheable
from core.paging import paginate
from solutions.models import Goal, Target
from solutions.views import target_codes

from .filters import PostFilter
from .models import ACTIVE_STATES, Post, PostState

PER_PAGE = 12


@cacheable
@require_safe
def post_list(request):
    clusters = list(Cluster.objects.published().only("pk", "slug", "name", "short_name", "order"))
    goals = list(Goal.objects.all())
    exchange = PostFilter(
        request.GET,
        Post.objects.listed().with_card_relations(),
        clusters=clusters,
        goals=goals,
        targets=target_codes(),
        request=request,
    )
    page_obj, context = paginate(request, exchange, PER_PAGE)
    facets = exchange.facets()
    context |= {"facets": facets, "facet_groups": exchange.facet_groups(facets), "posts": page_obj.object_list}
    return render(request, "exchange/post_list.html", context)


@cacheable
@require_safe
def post_detail(request, slug):
    post = get_object_or_404(Post.objects.published().select_related("member"), slug=slug)
    return render(request, "exchange/post_detail.html", post_context(post))


def post_context(post):
    """What a post's page shows (also usable for a staff preview)."""
    targets = list(Target.objects.filter(exchange_posts=post).select_related("goal").order_by("goal", "order"))
    return {
        "post": post,
        "member": post.member if post.member.is_public else None,
        "is_listed": post.is_listed,
        # Closed: its own state, or "Expired" for an active post past its expiry date that
        # housekeeping has not yet marked.
        "closed_state": PostState.EXPIRED.label if post.state in ACTIVE_STATES else post.get_state_display(),
        "targets": targets,
        "clusters": cluster_links(Post.clusters.through.objects.filter(post=post).values("cluster_id")),
        "formats": list(post.formats.all()),
        "languages": list(post.languages.all()),
    }
