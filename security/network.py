"""The visitor's address, also behind a reverse proxy, in the form django-axes calls it."""

from core.ratelimit import client_ip as _client_ip


def client_ip(request, *args):
    """See core.ratelimit.client_ip; axes passes extra arguments this does not need."""
    return _client_ip(request)
