from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from atlas.context import overview
from members.models import Member, Membership

from .models import Cluster


@require_safe
def cluster_list(request):
    clusters = Cluster.objects.published()
    return render(request, "clusters/cluster_list.html", {"clusters": clusters})


@require_safe
def cluster_detail(request, slug):
    cluster = get_object_or_404(Cluster.objects.published(), slug=slug)
    featured = (
        Membership.objects.filter(cluster=cluster, is_featured=True, member__in=Member.objects.published())
        .select_related("member")
        .order_by("order", "member__name")
    )
    context = {
        "cluster": cluster,
        "featured_members": [membership.member for membership in featured],
        "articles": cluster.articles.latest().prefetch_related(
            Prefetch("clusters", queryset=Cluster.objects.published()), "categories"
        )[:4],
        "atlas": overview(
            members=Member.objects.filter(memberships__cluster=cluster),
            events=cluster.events.all(),
            clusters=[cluster],
            filters={"cluster": cluster.slug},
        ),
    }
    return render(request, "clusters/cluster_detail.html", context)
