"""Per-client limits kept in the cache (Redis in production, so all workers share the counts).

The client is the socket address unless settings.TRUSTED_PROXY_COUNT says how many reverse proxies
append to X-Forwarded-For (see base settings). Fixed windows: the first hit opens a window of
`period` seconds, later hits in it are counted.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_ip(request):
    """The client's address as far as this deployment can trust it."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        # Each trusted proxy appends the address it saw; entries further left are client-supplied.
        if len(hops) >= count:
            candidate = _valid_ip(hops[-count])
            if candidate:
                return candidate
    return _valid_ip(request.META.get("REMOTE_ADDR", "")) or "unknown"


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _key(scope, ident):
    digest = hashlib.sha256(f"{scope}:{ident}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def is_limited(scope, ident, *, limit):
    """True when `ident` has already used up its `limit` hits in the current window.

    An unreachable cache (Redis down) lets the request through, logged: a form that fails for
    everyone is worse than a limit that lapses for a while."""
    try:
        return (cache.get(_key(scope, ident)) or 0) >= limit
    except Exception:
        logger.warning("rate limit %s: cache unavailable, not limiting", scope, exc_info=True)
        return False


def hit(scope, ident, *, period):
    """Count one use; the first use opens a window of `period` seconds."""
    key = _key(scope, ident)
    try:
        if not cache.add(key, 1, timeout=period):
            try:
                cache.incr(key)
            except ValueError:  # the window closed between add() and incr()
                cache.add(key, 1, timeout=period)
    except Exception:
        logger.warning("rate limit %s: cache unavailable, hit not counted", scope, exc_info=True)
