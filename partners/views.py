"""The partner space: a member's own pages, reached by a signed sign-in link."""

from django.http import Http404
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    raise Http404
