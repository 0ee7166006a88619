"""The public exchange: /exchange/ and a page per post."""

from django.http import Http404
from django.views.decorators.http import require_safe


@require_safe
def post_list(request):
    raise Http404


@require_safe
def post_detail(request, slug):
    raise Http404
