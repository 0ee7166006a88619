"""Small request guards and response headers the portal adds on top of Django's own."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext as _

from .faults import DatabaseUnavailableMiddleware  # noqa: F401 (installed from here as well)

audit = logging.getLogger("cities_portal.audit")

STARTED_KEY = "_ssc_session_started"
LAST_SEEN_KEY = "_ssc_session_last_seen"
# Write the "last seen" time at most this often, so staff browsing does not save the session on every request.
LAST_SEEN_RESOLUTION = 60


class MethodGuardMiddleware:
    """Methods no part of the portal uses (TRACE, DELETE, PUT, PATCH, CONNECT…) get 405 everywhere."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed = sorted(getattr(settings, "ALLOWED_HTTP_METHODS", ["GET", "HEAD", "POST", "OPTIONS"]))

    def __call__(self, request):
        if request.method not in self.allowed:
            response = HttpResponseNotAllowed(self.allowed, content=b"Method not allowed.\n")
            response["Content-Type"] = "text/plain; charset=utf-8"
            return response
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Cross-Origin-Resource-Policy (per path prefix) and Permissions-Policy on every response.

    SECURE_CROSS_ORIGIN_RESOURCE_POLICY is the default; SECURE_CROSS_ORIGIN_RESOURCE_POLICY_PATHS
    maps path prefixes to another value (the longest matching prefix wins), e.g. the JSON API,
    which other sites may read, answers "cross-origin". A header a view set itself is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.default = getattr(settings, "SECURE_CROSS_ORIGIN_RESOURCE_POLICY", "same-origin")
        overrides = getattr(settings, "SECURE_CROSS_ORIGIN_RESOURCE_POLICY_PATHS", {})
        self.overrides = sorted(overrides.items(), key=lambda item: len(item[0]), reverse=True)
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def resource_policy(self, path):
        for prefix, value in self.overrides:
            if path.startswith(prefix):
                return value
        return self.default

    def __call__(self, request):
        response = self.get_response(request)
        policy = self.resource_policy(request.path_info)
        if policy:
            response.headers.setdefault("Cross-Origin-Resource-Policy", policy)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


def start_session_clock(request):
    """Called at login: the absolute and idle timeouts count from now."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[STARTED_KEY] = now
        session[LAST_SEEN_KEY] = now


class StaffSessionTimeoutMiddleware:
    """Signs staff out after STAFF_SESSION_IDLE_TIMEOUT without a request, and STAFF_SESSION_ABSOLUTE_TIMEOUT
    after signing in, whatever they do. Visitors without a session cookie cost nothing here."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.idle = int(getattr(settings, "STAFF_SESSION_IDLE_TIMEOUT", 30 * 60))
        self.absolute = int(getattr(settings, "STAFF_SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60))

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and hasattr(request, "session"):
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        session = request.session
        if not session.get(SESSION_KEY):
            return
        now = int(time.time())
        started = session.get(STARTED_KEY)
        last_seen = session.get(LAST_SEEN_KEY)
        if started is None:  # a session from before the clock existed: start it now
            start_session_clock(request)
            return
        if now - started > self.absolute:
            reason = _("For your security, sessions end %(hours)d hours after signing in. Please sign in again.") % {
                "hours": self.absolute // 3600
            }
            self.end(request, "absolute", reason)
        elif last_seen is not None and now - last_seen > self.idle:
            reason = _("You were signed out after %(minutes)d minutes without activity. Please sign in again.") % {
                "minutes": self.idle // 60
            }
            self.end(request, "idle", reason)
        elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN_KEY] = now

    def end(self, request, kind, reason):
        username = request.user.get_username() if request.user.is_authenticated else "?"
        audit.info("session expired: user=%s timeout=%s path=%s", username, kind, request.path)
        logout(request)
        messages.warning(request, reason)
