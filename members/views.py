from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from clusters.models import Cluster

from .models import Member


@require_safe
def member_list(request):
    paginator = Paginator(Member.objects.for_directory(), 24)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "members/member_list.html", {"page_obj": page_obj, "members": page_obj.object_list})


@require_safe
def member_detail(request, slug):
    member = get_object_or_404(Member.objects.published(), slug=slug)
    clusters = Cluster.objects.published().filter(memberships__member=member)
    return render(request, "members/member_detail.html", {"member": member, "clusters": clusters})
