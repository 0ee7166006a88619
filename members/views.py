from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from atlas.context import directory_map
from clusters.models import Cluster
from core.paging import CappedPaginator, beyond_cap_notice
from events.models import Event
from news.models import Article

from .filters import MemberFilter
from .models import Member, Membership

PER_PAGE = 24


def _page(paginator, raw_number, notices):
    """The page asked for; page 1 or the last page, with a notice, when it does not exist."""
    if raw_number is None or raw_number == "":
        return paginator.page(1)
    try:
        return paginator.page(raw_number)
    except PageNotAnInteger:
        notices.append(gettext("“%(page)s” is not a page number, so here is page 1.") % {"page": raw_number[:20]})
        return paginator.page(1)
    except EmptyPage:
        number = paginator.num_pages if raw_number.lstrip().isdigit() and int(raw_number) > 1 else 1
        if notice := beyond_cap_notice(paginator, raw_number):
            notices.append(notice)
            return paginator.page(number)
        notices.append(
            gettext("There is no page %(page)s, so here is page %(number)s.")
            % {"page": raw_number[:20], "number": number}
        )
        return paginator.page(number)


@require_safe
def member_list(request):
    clusters = list(Cluster.objects.published().only("pk", "slug", "name", "short_name", "order"))
    directory = MemberFilter(request.GET, queryset=Member.objects.for_directory(), clusters=clusters, request=request)
    notices = list(directory.notices)
    paginator = CappedPaginator(directory.qs, PER_PAGE)
    page_obj = _page(paginator, request.GET.get("page"), notices)
    query = directory.query_string()
    context = {
        "directory": directory,
        "facets": directory.facets(),
        "chips": directory.chips(),
        "notices": notices,
        "page_obj": page_obj,
        "members": page_obj.object_list,
        "result_count": paginator.count,
        "query": query,
        "canonical_query": directory.query_string(page=[page_obj.number] if page_obj.number > 1 else None),
        "members_map": directory_map(directory.qs, query),
    }
    return render(request, "members/member_list.html", context)


@require_safe
def member_detail(request, slug):
    member = get_object_or_404(Member.objects.published(), slug=slug)
    published_clusters = Cluster.objects.published()
    memberships = list(
        Membership.objects.filter(member=member, cluster__in=published_clusters)
        .select_related("cluster")
        .order_by("cluster__order", "cluster__name")
    )
    articles = (
        Article.objects.latest()
        .filter(related_members=member)
        .prefetch_related(Prefetch("clusters", queryset=published_clusters), "categories")[:4]
    )
    hosted = Event.objects.filter(hosts=member)
    context = {
        "member": member,
        "memberships": memberships,
        "member_since": min((membership.joined_on for membership in memberships), default=None),
        "articles": articles,
        "upcoming_events": hosted.upcoming()[:4],
        "past_events": hosted.past()[:4],
    }
    return render(request, "members/member_detail.html", context)
