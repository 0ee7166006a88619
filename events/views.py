from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Event


@require_safe
def event_list(request):
    paginator = Paginator(Event.objects.published().order_by("-starts_at", "-pk"), 12)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page_obj": page_obj, "events": page_obj.object_list})


@require_safe
def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.published().prefetch_related(
            "clusters", "hosts", "sessions__speaker_slots__person", "recordings__links"
        ),
        slug=slug,
    )
    return render(request, "events/event_detail.html", {"event": event})
