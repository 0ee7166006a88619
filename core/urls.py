"""Addresses of objects named by a slug, reversed once per view, language and script prefix.

`reverse()` walks the URL resolver on every call; a page or an API answer naming a hundred
objects spent more time there than on anything else it drew. Slugs are [-a-zA-Z0-9_] (SlugField):
nothing in them is quoted, so the address with one slug is the address with another swapped in.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_MARKER = "slug-marker"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@functools.cache
def _pattern(view_name, language, script_prefix, urlconf):
    return reverse(view_name, urlconf=urlconf, kwargs={"slug": _MARKER})


def slug_linker(view_name):
    """A function of a slug giving `reverse(view_name, kwargs={"slug": slug})` in the active language:
    the language, script prefix and URLconf are looked up once, here, not once per address."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    pattern = _pattern(view_name, get_language(), get_script_prefix(), urlconf)
    return lambda slug: pattern.replace(_MARKER, slug, 1)


def reverse_slug(view_name, slug):
    """`reverse(view_name, kwargs={"slug": slug})` in the active language, without the resolver.
    Anything but a slug (empty, or with other characters) goes to reverse(), which says no as before."""
    if not _SLUG.fullmatch(slug or ""):
        return reverse(view_name, kwargs={"slug": slug})
    return slug_linker(view_name)(slug)
