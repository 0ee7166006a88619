"""When the database is away: a branded 503 with Retry-After, rendered without touching it.

The middleware catches a connection failure raised by a view (or its template); `server_error`,
installed as handler500, catches one raised anywhere else (a middleware loading the session, say).
Either way the visitor gets a short page asking to try again, never a traceback, and the next
request simply reconnects (CONN_HEALTH_CHECKS), so no restart is needed once the database is back.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("cities_portal.faults")

UNAVAILABLE = (OperationalError, InterfaceError)


def is_database_unavailable(exc):
    """The exception, or one it was raised from, says the database cannot be reached or is overloaded."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, UNAVAILABLE):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def wants_json(request):
    return request.path_info.startswith("/api/") or "application/json" in request.META.get("HTTP_ACCEPT", "")


def service_unavailable(request):
    retry_after = str(getattr(settings, "SERVICE_UNAVAILABLE_RETRY_AFTER", 30))
    if wants_json(request):
        response = JsonResponse({"detail": "The service is briefly unavailable. Please try again shortly."}, status=503)
    else:
        # A plain render: no request, so no context processor (nor the session, nor the user) runs.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = retry_after
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection failure in a view into the branded 503. Keep it last."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.error("database unavailable: %s %s: %s", request.method, request.path, exception)
            return service_unavailable(request)
        return None


def server_error(request):
    """handler500: a database outage met outside a view is a 503 too; anything else, the branded 500."""
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    from core.views import server_error as branded_500

    return branded_500(request)
