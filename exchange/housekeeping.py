"""The exchange's daily housekeeping (`manage.py exchange_housekeeping`): expire posts, remind partners.

A published post in an active state whose expiry date has passed becomes EXPIRED. Before that, the
member's contact on file is reminded REMINDER_DAYS (14 and 1) days ahead, in the post's language,
with the way to renew from /partner/.

Safe to run twice, concurrently, or again after a crash. Every decision about one post is a
conditional UPDATE in a transaction of its own, which also queues that post's email
(core.mail.queue_email enqueues it once the transaction commits):

- a reminder is recorded in `reminded_days` only where it still reads "not yet reminded of this
  one" for the same expiry date, so of two runs racing for a post one updates the row and queues
  the email, the other updates nothing and sends nothing;
- whatever a crash interrupts is either committed with its email queued, or not recorded at all
  and done by the next run.

A post whose 14-day window passed without a run (the job was stopped for a week) gets the reminder
due now, the most urgent one whose window has started, and never two at once. A renewal
(Post.renew) clears `reminded_days` and moves the date, so the reminders start again.
"""

import dataclasses
import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import page_cache
from core.mail import queue_email
from core.publishing import Status
from core.urls import site_url

from .models import ACTIVE_STATES, REMINDER_DAYS, Post, PostState


@dataclasses.dataclass
class Summary:
    expired: int = 0
    reminded: int = 0
    without_contact: int = 0

    def __str__(self):
        return (
            f"{self.expired} post(s) expired, {self.reminded} reminder(s) queued, "
            f"{self.without_contact} post(s) due a reminder whose member has no contact address"
        )


def reminder_due(days_left):
    """The reminder owed `days_left` days before expiry: the most urgent one whose window has
    started (14 days left to 2: the 14-day one; 1 or 0: the 1-day one), or None before the first."""
    started = [days for days in REMINDER_DAYS if days >= days_left]
    return min(started) if started and days_left >= 0 else None


def run(today=None, posts=None):
    """Expire what is past its date, then queue the reminders that are due. `posts` limits the
    work to a queryset of posts (tests use it to stop a run halfway). Returns a Summary."""
    today = today or timezone.localdate()
    posts = Post.objects.all() if posts is None else posts
    summary = Summary()
    summary.expired = expire(posts, today)
    remind(posts, today, summary)
    return summary


def expire(posts, today):
    candidates = posts.filter(status=Status.PUBLISHED, state__in=ACTIVE_STATES, expires_on__lt=today)
    expired = 0
    for pk in candidates.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            changed = Post.objects.filter(pk=pk, state__in=ACTIVE_STATES, expires_on__lt=today).update(
                state=PostState.EXPIRED
            )
            if changed:
                # The editors' history shows when and why the state changed (update() records none).
                post = Post.objects.get(pk=pk)
                Post.history.bulk_history_create(
                    [post], update=True, default_change_reason="Expired by exchange_housekeeping"
                )
                expired += 1
    if expired:
        page_cache.content_changed()  # update() sends no save signal
    return expired


def remind(posts, today, summary):
    last_day = today + dt.timedelta(days=max(REMINDER_DAYS))
    candidates = (
        posts.published()
        .filter(state__in=ACTIVE_STATES, expires_on__gte=today, expires_on__lte=last_day)
        .filter(Q(reminded_days__isnull=True) | Q(reminded_days__gt=min(REMINDER_DAYS)))
        .select_related("member")
        .order_by("expires_on", "pk")
    )
    for post in candidates:
        due = reminder_due((post.expires_on - today).days)
        if due is None or (post.reminded_days is not None and post.reminded_days <= due):
            continue
        if not post.member.contact_email:
            summary.without_contact += 1
            continue
        with transaction.atomic():
            recorded = (
                Post.objects.filter(
                    pk=post.pk,
                    status=Status.PUBLISHED,
                    state__in=ACTIVE_STATES,
                    expires_on=post.expires_on,  # a renewal since the read moved the date: not this reminder
                )
                .filter(Q(reminded_days__isnull=True) | Q(reminded_days__gt=due))
                .update(reminded_days=due)
            )
            if recorded:
                send_reminder(post, today)
                summary.reminded += 1


def language_of(post):
    return post.language if post.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def renew_url(post):
    """The partner space's sign-in page, leading on to the post's own page there (its Renew button)
    once the emailed sign-in link is used. In the active language."""
    after = reverse("partners:post_detail", args=[post.pk])
    return f"{site_url()}{reverse('partners:sign_in')}?{urlencode({'next': after})}"


def send_reminder(post, today):
    """Queue the reminder to the member's contact on file, and to no one else."""
    with translation.override(language_of(post)):
        days_left = (post.expires_on - today).days
        body = render_to_string(
            "exchange/email/reminder.txt",
            {
                "post": post,
                "member": post.member,
                "days_left": days_left,
                "post_url": site_url() + post.get_absolute_url(),
                "renew_url": renew_url(post),
                "site_name": settings.SITE_NAME,
                "site_url": site_url(),
            },
        )
        if days_left <= 1:
            subject = _("Your post “%(title)s” on the exchange expires on %(date)s")
        else:
            subject = _("Your post “%(title)s” on the exchange expires in %(days)d days")
        subject %= {"title": post.title, "date": date_format(post.expires_on), "days": days_left}
    queue_email(subject=subject, body=body, to=[post.member.contact_email])
