"""The visitor's address, also behind a reverse proxy, in the form django-axes calls it."""

from core.ratelimit import client_ip as _client_ip


def client_ip(request, *args):
    """See core.ratelimit.client_ip. Axes stores the address in an IP column, so an address that
    cannot be known is empty rather than ratelimit's "unknown" placeholder."""
    address = _client_ip(request)
    return "" if address == "unknown" else address
