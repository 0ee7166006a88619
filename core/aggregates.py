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

AGGREGATE_CACHE_SECONDS bounds how long an entry lives (default 300); 0 computes every time, which
is what the tests do, like PAGE_CACHE_SECONDS.
"""

import contextvars
import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from . import page_cache

logger = logging.getLogger(__name__)

PREFIX = "aggregate:"


# Entries read during requests are also kept in this process, pickled as the shared cache keeps
# them, so a page asking for eight remembered things makes one round trip instead of eight. The
# least recently used go first once they weigh more than LOCAL_BYTES.
LOCAL_BYTES = 8 * 1024 * 1024
_local = OrderedDict()
_local_lock = threading.Lock()
_local_bytes = 0


def _local_get(key, found):
    """The entry kept in this process for `key` if it may still be served under `found`."""
    with _local_lock:
        item = _local.get(key)
        if item is not None:
            _local.move_to_end(key)
    if item is None or not page_cache.is_current(item, found):
        return None
    generation, expires, blob = item
    return (generation, expires, pickle.loads(blob))  # noqa: S301 - written by this process, below


def _local_put(key, entry):
    global _local_bytes
    generation, expires, value = entry
    blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    with _local_lock:
        previous = _local.pop(key, None)
        _local_bytes += len(blob) - (len(previous[2]) if previous else 0)
        _local[key] = (generation, expires, blob)
        while _local_bytes > LOCAL_BYTES and _local:
            _key, (_generation, _expires, dropped) = _local.popitem(last=False)
            _local_bytes -= len(dropped)


_SHARED = (page_cache.GENERATION_KEY, page_cache.SCHEDULE_KEY)


def _read(key, state):
    """({GENERATION_KEY, SCHEDULE_KEY, key: entry}, whether the entry was kept in this process).

    The first read in a request takes the generation and schedule from the shared cache with the
    entry, in one round trip; later reads in the same request reuse them, and find the entry in
    this process when an earlier request read it under the same generation."""
    if state is None or "found" not in state:
        found = page_cache.read_with_generation(key)
        if state is not None:
            state["found"] = {name: found[name] for name in _SHARED if name in found}
        return found, False
    found = dict(state["found"])
    entry = _local_get(key, found)
    if entry is not None:
        found[key] = entry
        return found, True
    found[key] = cache.get(key)
    return found, False


_afresh = contextvars.ContextVar("aggregates_afresh", default=False)


def remembering():
    """Whether `remember` keeps results: not when AGGREGATE_CACHE_SECONDS is 0, nor inside `afresh()`."""
    return settings.AGGREGATE_CACHE_SECONDS > 0 and not _afresh.get()


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
    outside them (not on the user or the request). When the cache is away, it is computed each time.
    """
    if not remembering():
        return compute()
    seconds = settings.AGGREGATE_CACHE_SECONDS
    key = PREFIX + hashlib.sha256(repr((name, scope)).encode()).hexdigest()
    state = page_cache.request_state()
    try:
        found, kept_here = _read(key, state)
    except Exception:
        logger.warning("aggregates: the cache could not be read", exc_info=True)
        return compute()
    entry = found.get(key)
    if page_cache.is_current(entry, found):
        if state is not None and not kept_here:
            _local_put(key, entry)
        return entry[2]
    value = compute()
    try:
        expires = page_cache.expiry(found, seconds)
        if expires:
            entry = (found[page_cache.GENERATION_KEY], expires, value)
            cache.set(key, entry, int(expires - time.time()) + 1)
            if state is not None:
                state["found"][page_cache.SCHEDULE_KEY] = found[page_cache.SCHEDULE_KEY]
                _local_put(key, entry)
    except Exception:
        logger.warning("aggregates: the cache could not be written", exc_info=True)
    return value


def filter_scope(filterset, *, searched=("q",)):
    """The filters' valid values as a scope for `remember`; None for a text search in one of
    `searched`, whose endless variety would only fill the cache."""
    filterset.qs  # noqa: B018 -- validates the form, filling cleaned_data
    values = {key: value for key, value in filterset.form.cleaned_data.items() if value not in (None, "", [])}
    if any(values.get(key) for key in searched):
        return None
    return tuple(sorted((key, str(value)) for key, value in values.items()))


def filtered_count(name, filterset, *, searched=("q",)):
    """`filterset.qs.count()`, remembered for each combination of the filters' valid values (the
    paginator's COUNT over every published article or event). A text search in one of `searched`
    is counted afresh."""
    scope = filter_scope(filterset, searched=searched)
    if scope is None:
        return filterset.qs.count()
    return remember(name, filterset.qs.count, scope)
