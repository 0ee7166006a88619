"""The health check and the error pages, which every app shares."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """200 when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("health check: database unavailable", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503, headers={"Retry-After": "30"})
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception):
    # The language switcher then offers each language's home page, not this missing address.
    return render(request, "404.html", {"page_missing": True}, status=404)


def server_error(request):
    # No context processors that could touch the database: the error may be the database.
    return render(request, "500.html", status=500)
