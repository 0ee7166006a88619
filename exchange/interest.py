"""Expressions of interest: the form on a post's page, stored before anything else happens."""

from django.http import Http404
from django.views.decorators.http import require_http_methods, require_safe


@require_http_methods(["GET", "HEAD", "POST"])
def express_interest(request, slug):
    raise Http404


@require_safe
def interest_sent(request, slug):
    raise Http404
