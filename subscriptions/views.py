"""Subscribing, confirming, changing preferences and leaving."""

from django.http import Http404
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    raise Http404
