from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from core.page_cache import cacheable

from .models import Page


@cacheable
@require_safe
def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    return render(request, "pages/page_detail.html", page_context(page))


def page_context(page):
    """What the page shows (also its staff preview, pages/admin.py)."""
    return {"page": page}
