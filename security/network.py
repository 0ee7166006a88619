"""The visitor's address, also behind a reverse proxy."""

from django.conf import settings


def client_ip(request, *args):
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front, the address the outermost one saw.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so the
    client is the entry TRUSTED_PROXY_COUNT places from the right; entries further left are whatever
    the client chose to send and are never trusted.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")
