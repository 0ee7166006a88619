"""Login throttling: django-axes' backend, first in AUTHENTICATION_BACKENDS."""

from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """Axes' backend, which also lets through callers that have no request to throttle.

    Every login over HTTP (the admin login, any LoginView) passes the request and is throttled.
    Code that authenticates without one — a management command, `Client.login()` in a test —
    has no address to count against, so it is not blocked with an error; it goes on to the
    password check of the next backend as if axes were not installed.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The branded page a locked-out sign-in gets: 429, how long to wait, nothing else."""
    import math

    from axes.helpers import get_cool_off, get_failure_limit
    from django.conf import settings
    from django.contrib import admin
    from django.template.response import TemplateResponse

    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    response = TemplateResponse(request, "security/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response.render()
