"""Subscribing, confirming, changing preferences and leaving.

Pages reached by a signed link (confirm, preferences, unsubscribe) are never cached and never
indexed; none of them shows an email address but the preferences page, to the address's own
holder. The subscribe form answers the same way whether the address is new, known or limited.
"""

import json
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clusters.models import Cluster
from core.ratelimit import client_ip, hit, is_limited

from . import emails, services
from .forms import PreferencesForm, SubscribeForm
from .models import CONFIRM_DAYS

HOUR = 60 * 60
DAY = 24 * HOUR
RATE_SCOPE = "subscribe"
USED_FORMS_KEY = "subscribe-form:{}"


def _initial(request):
    initial = {"form_token": uuid.uuid4(), "language": request.LANGUAGE_CODE, "all_clusters": True}
    if slugs := request.GET.getlist("cluster")[:10]:  # "Follow by email" on a cluster page: it comes ticked
        chosen = list(Cluster.objects.published().active().filter(slug__in=slugs).values_list("pk", flat=True))
        if chosen:
            initial.update(all_clusters=False, clusters=chosen)
    return initial


def _form_page(request, form, status=200, **extra):
    context = {"form": form, "per_hour": settings.SUBMISSIONS_PER_HOUR, **extra}
    return render(request, "subscriptions/subscribe.html", context, status=status)


def _first_use(form_token):
    """True the first time a form token is used: a double click or a resend sends one email, not two.
    An unreachable cache lets the form through (the per-address limit still holds)."""
    try:
        return cache.add(USED_FORMS_KEY.format(form_token), 1, timeout=DAY)
    except Exception:
        return True


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        return _form_page(request, SubscribeForm(initial=_initial(request)))

    ip = client_ip(request)
    if is_limited(RATE_SCOPE, ip, limit=settings.SUBMISSIONS_PER_HOUR):
        response = _form_page(request, SubscribeForm(request.POST), status=429, rate_limited=True)
        response["Retry-After"] = str(HOUR)
        return response

    form = SubscribeForm(request.POST)
    if form.is_valid():
        if _first_use(form.cleaned_data["form_token"]):
            services.request_confirmation(
                form.cleaned_data["email"], form.cleaned_data["language"], preferences=form.preferences()
            )
            hit(RATE_SCOPE, ip, period=HOUR)
        return redirect("subscriptions:sent")

    if form.caught_by_honeypot:
        hit(RATE_SCOPE, ip, period=HOUR)
    if form.has_missing_token():
        data = request.POST.copy()
        data["form_token"] = str(uuid.uuid4())
        form = SubscribeForm(data)
        form.is_valid()
        form.add_error(None, _("This form was out of date. Please check it and send it again."))
    return _form_page(request, form, status=400)


@require_safe
def sent(request):
    return render(request, "subscriptions/sent.html", {"confirm_days": CONFIRM_DAYS})


def _link_error(request, error):
    status = 410 if error.reason in ("expired", "superseded") else 404
    return render(
        request, "subscriptions/link_error.html", {"reason": error.reason, "confirm_days": CONFIRM_DAYS}, status=status
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET only shows a button (mail scanners open links); POST confirms. Opening a link again is harmless."""
    try:
        subscriber, latest = services.subscriber_for_confirmation(token)
    except services.LinkError as error:
        return _link_error(request, error)
    if not latest:
        return _link_error(request, services.LinkError("superseded"))
    if request.method != "POST":
        return render(request, "subscriptions/confirm.html", {"subscriber": subscriber})
    changed = services.confirm(subscriber)
    return render(
        request,
        "subscriptions/confirmed.html",
        {"changed": changed, "preferences_url": emails.preferences_url(subscriber, request.LANGUAGE_CODE, request)},
    )


def _subscriber_or_error(request, token):
    """(subscriber or None when deleted, error response or None)."""
    try:
        return services.subscriber_for_link(token), None
    except services.LinkError as error:
        return None, _link_error(request, error)


def _gone(request):
    return render(request, "subscriptions/unsubscribed.html", {"already": True}, status=404)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    """Changes apply at once: the signed link proves the address."""
    subscriber, error = _subscriber_or_error(request, token)
    if error or subscriber is None:
        return error or _gone(request)
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.apply_preferences(subscriber, form.preferences())
            saved = True
        status = 200 if saved else 400
    else:
        form = PreferencesForm(initial=services.preferences_of(subscriber))
        status = 200
    context = {"subscriber": subscriber, "form": form, "token": token, "saved": saved}
    return render(request, "subscriptions/preferences.html", context, status=status)


@never_cache
@require_safe
def download(request, token):
    subscriber, error = _subscriber_or_error(request, token)
    if error or subscriber is None:
        return error or _gone(request)
    response = HttpResponse(
        json.dumps(services.export(subscriber), ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="subscription.json"'
    return response


@never_cache
@require_POST
def delete(request, token):
    subscriber, error = _subscriber_or_error(request, token)
    if error:
        return error
    if subscriber is not None:
        services.delete_subscriber(subscriber)
    return render(request, "subscriptions/unsubscribed.html", {"deleted": True})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session and no token
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST deletes the subscriber and stops all mail. Idempotent: a second
    POST, or the link of an address already deleted, says the same. Deleting is the only thing
    this view does, so taking it without a CSRF token lets nobody do anything else."""
    subscriber, error = _subscriber_or_error(request, token)
    if error:
        return error
    if request.method != "POST":
        if subscriber is None:
            return render(request, "subscriptions/unsubscribed.html", {"already": True})
        return render(request, "subscriptions/unsubscribe.html", {"token": token})
    if subscriber is not None:
        services.delete_subscriber(subscriber)
    return render(request, "subscriptions/unsubscribed.html", {})
