"""The "Remind me" form of an upcoming event (/subscribe/remind/<slug>/).

The event's page only links here: it is kept whole in the page cache for anonymous visitors, and a
form carrying a CSRF token and a one-time form token cannot be. The answer to a valid form is the
same page whatever the address's state (new, waiting for confirmation, confirmed), so the form
never tells anyone whether an address is subscribed; and nothing is emailed to a confirmed address
when it asks, so the form cannot be used to fill someone's inbox.
"""

import logging
import uuid

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.forms import PartnerForm
from core.ratelimit import client_ip, hit, is_limited
from events.models import Event

from .forms import language_choices
from .reminders import ask_for_reminder

logger = logging.getLogger(__name__)

HOUR = 60 * 60
RATE_SCOPE = "subscribe"  # one allowance per connection for /subscribe/ and "Remind me"
TOKEN_SECONDS = 24 * HOUR


class RemindForm(PartnerForm):
    email = forms.EmailField(
        label=gettext_lazy("Your email"),
        max_length=254,
        help_text=gettext_lazy("Never shown on the portal. Only used to send you this reminder."),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language of the emails"), choices=language_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})


def _token_key(token):
    return f"subscriptions:remind-token:{token}"


def _token_used(token):
    """True when this form was already sent; a cache that cannot be reached counts it as new (the
    reminder itself is only ever stored once)."""
    try:
        return cache.get(_token_key(token)) is not None
    except Exception:
        logger.warning("remind form token: cache unavailable", exc_info=True)
        return False


def _claim_token(token):
    """Mark the form as sent; False when another request already did (two clicks at once)."""
    try:
        return cache.add(_token_key(token), 1, timeout=TOKEN_SECONDS)
    except Exception:
        logger.warning("remind form token: cache unavailable", exc_info=True)
        return True


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _page(request, event, form, *, status=200, **extra):
    context = {"event": event, "form": form, "per_hour": settings.SUBMISSIONS_PER_HOUR, **extra}
    return render(request, "subscriptions/remind.html", context, status=status)


def _sent(request, event):
    return render(request, "subscriptions/remind_sent.html", {"event": event})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def remind(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    if event.starts_at <= timezone.now():
        return render(request, "subscriptions/remind_closed.html", {"event": event}, status=410)
    if request.method != "POST":
        form = RemindForm(initial={"form_token": uuid.uuid4(), "language": request.LANGUAGE_CODE})
        return _page(request, event, form)

    token = _as_uuid(request.POST.get("form_token"))
    if token is not None and _token_used(token):
        return _sent(request, event)  # sent twice (reload, double click): the first one counted

    ip = client_ip(request)
    if is_limited(RATE_SCOPE, ip, limit=settings.SUBMISSIONS_PER_HOUR):
        response = _page(request, event, RemindForm(request.POST), status=429, rate_limited=True)
        response["Retry-After"] = str(HOUR)
        return response

    form = RemindForm(request.POST)
    if form.is_valid():
        if not _claim_token(form.cleaned_data["form_token"]):
            return _sent(request, event)
        ask_for_reminder(event=event, email=form.cleaned_data["email"], language=form.cleaned_data["language"])
        hit(RATE_SCOPE, ip, period=HOUR)
        return _sent(request, event)

    if form.caught_by_honeypot:
        hit(RATE_SCOPE, ip, period=HOUR)
    if form.has_missing_token():
        data = request.POST.copy()
        data["form_token"] = str(uuid.uuid4())
        form = RemindForm(data)
        form.is_valid()
        form.add_error(None, _("This form was out of date. Please check it and send it again."))
    return _page(request, event, form, status=400)
