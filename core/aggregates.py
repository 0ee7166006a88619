"""Counts over the whole published content, computed once per change of content and shared by every
application server (docs/architecture.md).

The map, the headline figures, the directory's facets and the clusters' member counts group every
published member, membership or event. At 100,000 members each such query takes 30–120 ms in
PostgreSQL, on pages whose other queries take a millisecond. Their results change only when content
is saved or deleted, or when a scheduled item goes live — exactly what the page cache's generation
token and schedule track (core.page_cache). So `remember` keeps each result under the current
generation: a save anywhere replaces the token after its commit, and every server computes the
counts afresh on its next request; a scheduled publication ends the entry at that moment.

Unlike whole pages, these results are the same for every visitor (staff included): they count
published content only and hold no markup, no URL and nothing in a particular language.

AGGREGATE_CACHE_SECONDS bounds how long an entry lives (default 300); 0 computes every time, with
the same queries as the first request after a change.
"""

import contextvars
import hashlib
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from . import page_cache

logger = logging.getLogger(__name__)

PREFIX = "aggregate:"
_afresh = contextvars.ContextVar("aggregates_afresh", default=False)


@contextmanager
def afresh():
    """Within it, everything is computed from the database and nothing is read from or written to the
    shared cache: a staff preview's unsaved content must never be remembered for visitors."""
    token = _afresh.set(True)
    try:
        yield
    finally:
        _afresh.reset(token)


def remember(name, compute, *scope):
    """`compute()`, or what it returned earlier under the current content generation.

    `name` and `scope` (hashable values: a cluster's pk, a directory's normalised query, a language)
    name what is computed; `compute` must return plain, picklable data that depends on nothing
    outside them (not on the user or the request). The entry is read with the generation in one round
    trip; when the cache is away, it is computed each time.
    """
    seconds = settings.AGGREGATE_CACHE_SECONDS
    if seconds <= 0 or _afresh.get():
        return compute()
    key = PREFIX + hashlib.sha256(repr((name, scope)).encode()).hexdigest()
    try:
        found = page_cache.read_with_generation(key)
    except Exception:
        logger.warning("aggregates: the cache could not be read", exc_info=True)
        return compute()
    entry = found.get(key)
    if page_cache.is_current(entry, found):
        return entry[2]
    value = compute()
    try:
        expires = page_cache.expiry(found, seconds)
        if expires:
            cache.set(key, (found[page_cache.GENERATION_KEY], expires, value), int(expires - time.time()) + 1)
    except Exception:
        logger.warning("aggregates: the cache could not be written", exc_info=True)
    return value
