"""Addresses reversed once per view, language and script prefix: the pages without arguments, and
the objects named by a slug.

`reverse()` walks the URL resolver on every call; a page or an API answer naming a hundred
objects spent more time there than on anything else it drew, and every page reversed the ten
addresses of its header and footer and its own address in seven languages. Slugs are
[-a-zA-Z0-9_] (SlugField): nothing in them is quoted, so the address with one slug is the address
with another swapped in.
"""

import contextvars
import functools
import re

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

_MARKER = "slug-marker"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _where(language):
    """What an address depends on besides the view: the language, script prefix and URLconf."""
    return language or translation.get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@functools.cache
def _fixed(view_name, language, script_prefix, urlconf):
    with translation.override(language):
        return reverse(view_name, urlconf=urlconf)


@functools.cache
def _pattern(view_name, language, script_prefix, urlconf):
    with translation.override(language):
        return reverse(view_name, urlconf=urlconf, kwargs={"slug": _MARKER})


def fixed_address(view_name, language=None):
    """`reverse(view_name)` of a page that takes no arguments, in `language` (default: the active one).
    A name that does not reverse raises NoReverseMatch, as reverse() does, and is not remembered."""
    return _fixed(view_name, *_where(language))


def slug_linker(view_name, language=None):
    """A function of a slug giving `reverse(view_name, kwargs={"slug": slug})` in `language` (default:
    the active one): the language, script prefix and URLconf are looked up once, here, not once per
    address."""
    pattern = _pattern(view_name, *_where(language))
    return lambda slug: pattern.replace(_MARKER, slug, 1)


def is_slug(value):
    return bool(_SLUG.fullmatch(value or ""))


def reverse_slug(view_name, slug):
    """`reverse(view_name, kwargs={"slug": slug})` in the active language, without the resolver.
    Anything but a slug (empty, or with other characters) goes to reverse(), which says no as before."""
    if not is_slug(slug):
        return reverse(view_name, kwargs={"slug": slug})
    return slug_linker(view_name)(slug)


# The site's own address ------------------------------------------------------------------------

_request_origin = contextvars.ContextVar("request_origin", default=None)
OUTSIDE_A_REQUEST = "http://127.0.0.1:8000"


def site_url():
    """Scheme and host for absolute links (canonical, hreflang, feeds, sitemaps, the API, emails):
    SITE_URL when it is set; otherwise the current request's own, so `PORT=8123 make run` links to
    port 8123; outside a request (a command, the email worker) http://127.0.0.1:8000."""
    return settings.SITE_URL or _request_origin.get() or OUTSIDE_A_REQUEST


class RequestOriginMiddleware:
    """Makes the request's scheme and host known to `site_url()` while it is answered (only when
    SITE_URL is not set). The host is one ALLOWED_HOSTS admits; any other is CommonMiddleware's 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL:
            return self.get_response(request)
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            origin = None
        token = _request_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
