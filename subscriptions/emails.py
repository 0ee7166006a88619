"""The subscriptions' own emails and the links every subscription email carries.

Emails are written in the subscriber's language, links included (/es/subscribe/…). The
confirmation email is not list mail (it goes to an address that has not agreed to anything yet),
so it carries no List-Unsubscribe; every later email (digests, reminders) carries the headers of
`list_unsubscribe_headers` and a link to the preferences page.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import queue_email
from core.urls import site_url

from .models import CONFIRM_DAYS


def _language(language):
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def absolute(path, request=None):
    """An absolute address: SITE_URL, else the current request's origin (core.urls.site_url)."""
    if request is not None and not settings.SITE_URL:
        return request.build_absolute_uri(path)
    return f"{site_url()}{path}"


def _url(view_name, token, language, request=None):
    with translation.override(_language(language)):
        return absolute(reverse(view_name, args=[token]), request)


def confirm_url(subscriber, language=None, request=None):
    return _url("subscriptions:confirm", subscriber.confirm_token(), language or subscriber.language, request)


def preferences_url(subscriber, language=None, request=None):
    """The signed preferences page; put it in every email sent to a subscriber."""
    return _url("subscriptions:preferences", subscriber.link_token(), language or subscriber.language, request)


def unsubscribe_url(subscriber, language=None, request=None):
    return _url("subscriptions:unsubscribe", subscriber.link_token(), language or subscriber.language, request)


def list_unsubscribe_headers(subscriber, request=None):
    """RFC 2369 and RFC 8058 headers for every email to a confirmed subscriber: mail clients show an
    "Unsubscribe" button that POSTs `List-Unsubscribe=One-Click` to the address, which deletes the
    subscriber without a session or CSRF token."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber, request=request)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def confirmation(subscriber, language):
    """The double opt-in email: the only one an address receives before it confirms."""
    language = _language(language)
    with translation.override(language):
        wants_digest = bool(subscriber.topics) or bool((subscriber.pending or {}).get("preferences"))
        body = render_to_string(
            "subscriptions/email/confirm.txt",
            {
                "url": confirm_url(subscriber, language),
                "confirm_days": CONFIRM_DAYS,
                "wants_digest": wants_digest,
                "wants_reminder": bool((subscriber.pending or {}).get("events")),
                "site_name": settings.SITE_NAME,
                "site_url": site_url(),
            },
        )
        queue_email(
            subject=_("Please confirm your subscription to the %(site)s") % {"site": settings.SITE_NAME},
            body=body,
            to=[subscriber.email],
        )
