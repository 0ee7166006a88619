"""Subscribing, confirming, changing preferences and leaving."""

from django.http import Http404
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    raise Http404


def sent(request):
    raise Http404


def confirm(request, token):
    raise Http404


def preferences(request, token):
    raise Http404


def download(request, token):
    raise Http404


def delete(request, token):
    raise Http404


def unsubscribe(request, token):
    raise Http404
