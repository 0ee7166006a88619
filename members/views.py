from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from atlas.context import directory_map
from clusters.models import Cluster

from .models import Member


@require_safe
def member_list(request):
    paginator = Paginator(Member.objects.for_directory(), 24)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "members": page_obj.object_list,
        "members_map": directory_map(request, Member.objects.for_directory()),
    }
    return render(request, "members/member_list.html", context)


@require_safe
def member_detail(request, slug):
    member = get_object_or_404(Member.objects.published(), slug=slug)
    clusters = Cluster.objects.published().filter(memberships__member=member)
    return render(request, "members/member_detail.html", {"member": member, "clusters": clusters})
