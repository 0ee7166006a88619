"""Whole responses kept for anonymous visitors: public pages, feeds, sitemaps and the API.

How it works (docs/architecture.md):

- **Opt-in.** Only responses of views wrapped in `cacheable` are stored. A view nobody marked (the
  admin, /submit/, a form, anything added later) is never cached by accident; forgetting to mark a
  public view costs speed, forgetting to exclude a private one would leak a page. On top of that,
  a marked response is still refused when it is not a 200, sets a cookie, says `private`,
  `no-cache` or `no-store`, used the CSRF token or the CSP nonce, or varies on a header the key
  does not hold.
- **Who gets cached pages.** GET and HEAD requests that carry neither a session cookie nor a
  messages cookie: without a session nobody is signed in, so staff are never served from the
  cache and never fill it.
- **The key** holds the active language, the scheme, the host and the full path with its query.
- **Invalidation by generation.** A random token kept in the shared cache (Redis in production)
  names the current state of the content. Every entry records the token it was built under and is
  only served while that token is current, so replacing the token (`bump`) invalidates every page
  on every application server at once. Each content app declares in its AppConfig.ready() which
  of its models public pages show (`watch`): saving or deleting one, or changing its many-to-many
  relations, bumps the generation after the transaction commits, and so do their bulk writes
  (`ContentQuerySet`).
- **Time.** A scheduled article appears, and an event moves from "upcoming" to "past", without
  any save. Each entry therefore expires at the next such moment (`next_scheduled_change`, from
  the schedules the apps declared with `watch`), and at the latest after PAGE_CACHE_SECONDS.
- **One round trip.** For a marked view, a lookup reads the generation, the schedule and the entry with one
  `get_many`, and a hit runs no SQL at all.

Browsers and proxies get `Cache-Control: max-age=0, must-revalidate` with an `ETag` and
`Vary: Cookie`: they may keep a copy but must ask every time, and get a 304 when it is unchanged,
so nothing stale outlives an invalidation anywhere.
"""

import hashlib
import logging
import re
import time
import uuid
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
SCHEDULE_KEY = "pagecache:schedule"
ENTRY_PREFIX = "pagecache:page:"
# The key already holds the language; the cookie only decides whether the cache is used at all.
KEYED_VARY = {"cookie", "accept-language"}
HEADER_LIST = re.compile(r"\s*,\s*")
NEVER_CACHED_PATH = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?(?:admin|submit)/")
MESSAGES_COOKIE = "messages"
SCHEDULE_TIMEOUT = 24 * 60 * 60


def cacheable(view):
    """Mark a public view function as safe to keep whole for anonymous visitors. The middleware looks
    the cache up only for marked views, and stores only responses that a marked view produced."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        response.page_cache_public = True
        return response

    wrapped.page_cache_public = True
    return wrapped


# Invalidation ------------------------------------------------------------------------------------


def bump():
    """Invalidate every cached page, on every server sharing this cache."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def content_changed(using=None):
    """Public content changed (or will, when the current transaction commits)."""
    # After the commit, so no server can re-cache the old content between the bump and the commit.
    # robust: a cache that is away must not turn a saved change into an error page.
    transaction.on_commit(bump, using=using, robust=True)


class ContentQuerySet(models.QuerySet):
    """The queryset of a model whose rows public pages show. Its bulk writes send no signals, so
    each says itself that the content changed (after the commit), like a save or a delete."""

    def update(self, **kwargs):
        content_changed(self.db)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, **kwargs):
        content_changed(self.db)
        return super().bulk_update(objs, fields, **kwargs)

    def bulk_create(self, objs, **kwargs):
        content_changed(self.db)
        return super().bulk_create(objs, **kwargs)


def _saved_or_deleted(sender, using=None, **kwargs):
    content_changed(using)


def _m2m_changed(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed(using)


_schedules = []  # functions giving the next moment public pages change with no save


def watch(models, *, schedule=None):
    """Declared by each content app in its AppConfig.ready(): every save, delete and many-to-many
    change of `models` changes public pages (their bulk writes go through ContentQuerySet), and
    `schedule(now)` gives the next moment one of them changes public pages with no save at all (a
    scheduled publication, an event that ends), or None."""
    for model in models:
        name = model._meta.label
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"page_cache.save.{name}")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"page_cache.delete.{name}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"page_cache.m2m.{through._meta.label}")
    if schedule is not None and schedule not in _schedules:
        _schedules.append(schedule)


def next_scheduled_change(now=None):
    """The next moment a page changes with no save, from every app's schedule; None when nothing is
    scheduled."""
    now = now or timezone.now()
    moments = [moment for schedule in _schedules if (moment := schedule(now)) is not None]
    return min(moments, default=None)


def read_with_generation(key):
    """{GENERATION_KEY: the current generation, SCHEDULE_KEY: …, key: the entry} in one round trip;
    a cache without a generation yet gets one. Raises when the cache is away."""
    found = cache.get_many([GENERATION_KEY, SCHEDULE_KEY, key])
    if GENERATION_KEY not in found:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        found[GENERATION_KEY] = cache.get(GENERATION_KEY)
    return found


def is_current(entry, found):
    """An entry stored as (generation, expires, …) that may still be served."""
    return bool(entry) and entry[0] == found.get(GENERATION_KEY) and time.time() < entry[1]


def _schedule_is_current(schedule, generation, now):
    return bool(schedule) and schedule[0] == generation and (schedule[1] is None or now < schedule[1])


def expiry(found, seconds):
    """When something read under `found`'s generation stops being true: after `seconds`, or at the
    next scheduled change if that comes first. None when that is within the second (not worth
    keeping). Reads the schedule from the database when the cached one is stale."""
    generation = found[GENERATION_KEY]
    now = time.time()
    schedule = found.get(SCHEDULE_KEY)
    if not _schedule_is_current(schedule, generation, now):
        # Another part of this request, or another server, may have read it since `found` was.
        schedule = found[SCHEDULE_KEY] = cache.get(SCHEDULE_KEY)
    if not _schedule_is_current(schedule, generation, now):
        # Read after the generation: if the content changes while we look, the generation moves on
        # and whatever is stored under the old one is never served.
        moment = next_scheduled_change()
        schedule = (generation, moment.timestamp() if moment else None)
        cache.set(SCHEDULE_KEY, schedule, SCHEDULE_TIMEOUT)
        found[SCHEDULE_KEY] = schedule
    expires = now + seconds if schedule[1] is None else min(now + seconds, schedule[1])
    return expires if expires - now >= 1 else None


# The middleware ----------------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serves and stores whole public responses. Placed right after LocaleMiddleware: the language is
    known, and the middleware above it (security headers, CSP with a fresh nonce-free policy, session,
    language) run again on every cached answer, so those headers are never another request's.

    The lookup happens in process_view, once the URL is resolved: only a marked view costs a round
    trip to the cache (a trivial view such as /robots.txt or /healthz costs nothing extra)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Answer from the cache when a marked view would: the URL is resolved, nothing else ran."""
        if (
            not getattr(view_func, "page_cache_public", False)
            or settings.PAGE_CACHE_SECONDS <= 0
            or not self.is_anonymous_read(request)
        ):
            return None
        key = self.key(request, getattr(view_func, "page_cache_language", None))
        found = self.lookup(key) if key else {}
        entry = found.get(key)
        if is_current(entry, found):
            request.page_cache_hit = True
            return self.replay(request, entry)
        request.page_cache_lookup = (key, found)
        return None

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "page_cache_hit", False):
            return response
        if not getattr(response, "page_cache_public", False) or request.method not in ("GET", "HEAD"):
            return response
        if not self.is_anonymous_read(request):
            # Someone with a session (staff, a visitor mid-submission): their copy is theirs alone.
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        if not self.storable(request, response):
            return response
        patch_vary_headers(response, ["Cookie"])
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if not response.has_header("ETag"):
            set_response_etag(response)
        key, found = getattr(request, "page_cache_lookup", (None, {}))
        if key and request.method == "GET":
            self.store(key, found, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"  # after storing: replays say "hit"
        return conditional(request, response)

    @staticmethod
    def is_anonymous_read(request):
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and MESSAGES_COOKIE not in request.COOKIES
            and not NEVER_CACHED_PATH.match(request.path_info)
        )

    @staticmethod
    def key(request, language_of=None):
        """`language_of(request)`: for views that choose their language themselves (the API reads
        `?lang=` and Accept-Language), the language they will answer in; None means do not cache."""
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # CommonMiddleware answers 400
        language = language_of(request) if language_of else translation.get_language()
        if not language:
            return None
        address = f"{language}|{request.scheme}://{host}{request.get_full_path()}"
        return ENTRY_PREFIX + hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()

    @staticmethod
    def lookup(key):
        try:
            return read_with_generation(key)
        except Exception:  # the cache is away: serve uncached rather than fail
            logger.warning("page cache: lookup failed", exc_info=True)
            return {}

    @staticmethod
    def storable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        control = {
            token.split("=", 1)[0].strip().lower() for token in HEADER_LIST.split(response.get("Cache-Control", ""))
        }
        if control & {"private", "no-cache", "no-store"}:
            return False
        vary = {token.strip().lower() for token in HEADER_LIST.split(response.get("Vary", "")) if token.strip()}
        if not vary <= KEYED_VARY:
            return False
        # A form's CSRF token and a CSP nonce belong to one request only.
        return not request.META.get("CSRF_COOKIE_USED") and not getattr(request, "_csp_nonce", None)

    @staticmethod
    def store(key, found, response, seconds):
        generation = found.get(GENERATION_KEY)
        if not generation:
            return
        try:
            expires = expiry(found, seconds)
            if expires:
                entry = (generation, expires, response.content, list(response.items()))
                cache.set(key, entry, int(expires - time.time()) + 1)
        except Exception:
            logger.warning("page cache: store failed", exc_info=True)

    @staticmethod
    def replay(request, entry):
        _generation, _expires, content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return conditional(request, response)


def conditional(request, response):
    """`response`, or a 304 when the client holds its ETag. Django's 304 keeps only the caching
    headers; a browser checks CORS on it too, and the API names the language it answered in, so
    the Access-Control-* headers and Content-Language stay."""
    answer = get_conditional_response(request, etag=response.get("ETag"), response=response)
    if answer is not response:
        for name, value in response.items():
            if name.lower().startswith("access-control-") or name.lower() == "content-language":
                answer[name] = value
    return answer
