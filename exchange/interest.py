"""Expressions of interest: the form on a post's page, stored before anything else happens.

The interest is one row written in one transaction; the acknowledgement to the sender and the
notice to the Moderators go out after it commits. A resend of the same form (its one-time
token) finds the first row and never makes a second. Nothing the sender typed is shown back
on a page but their organisation: the sent page never echoes the email address.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.ratelimit import client_ip, hit, is_limited
from members.partner_session import signed_in_member

from . import emails
from .forms import InterestForm
from .models import ACTIVE_STATES, Interest, InterestStatus, MissingContact, Post

HOUR = 60 * 60
RATE_SCOPE = "interest"


def _public_post(slug):
    post = Post.objects.published().select_related("member").filter(slug=slug).first()
    if post is None:
        raise Http404
    return post


def _closed(request, post):
    """A post that is met, withdrawn or past its date keeps its page but takes no more interest."""
    past_date = post.state in ACTIVE_STATES
    return render(request, "exchange/interest_closed.html", {"post": post, "past_date": past_date}, status=410)


def _already_sent(form_token):
    try:
        token = uuid.UUID(str(form_token))
    except ValueError:
        return None
    return Interest.objects.select_related("post").filter(form_token=token).first()


def _to_first_copy(request, interest):
    messages.info(request, _("This form had already been sent; we kept the first copy and did not make a second."))
    return redirect("exchange:interest_sent", slug=interest.post.slug)


def store_interest(*, post, data, from_member=None, language=None):
    """Store an interest and queue its emails (sent once the transaction commits). A second use of
    the same form token raises IntegrityError and stores nothing."""
    with transaction.atomic():
        interest = Interest.objects.create(
            post=post,
            from_member=from_member,
            organisation=data["organisation"],
            name=data["name"],
            email=data["email"],
            proposal=data["proposal"],
            questions=data["questions"],
            about=data["about"],
            form_token=data["form_token"],
            language=language or settings.LANGUAGE_CODE,
        )
        emails.interest_received(interest)
    return interest


def _context(post, form, **extra):
    return {"post": post, "form": form, "per_hour": settings.SUBMISSIONS_PER_HOUR, **extra}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def express_interest(request, slug):
    post = _public_post(slug)
    if request.method != "POST":
        if not post.is_listed:
            return _closed(request, post)
        form = InterestForm(initial={"form_token": uuid.uuid4()})
        return render(request, "exchange/interest.html", _context(post, form))

    earlier = _already_sent(request.POST.get("form_token"))
    if earlier is not None:
        return _to_first_copy(request, earlier)
    if not post.is_listed:
        return _closed(request, post)

    ip = client_ip(request)
    if is_limited(RATE_SCOPE, ip, limit=settings.SUBMISSIONS_PER_HOUR):
        response = render(
            request, "exchange/interest.html", _context(post, InterestForm(request.POST), rate_limited=True), status=429
        )
        response["Retry-After"] = str(HOUR)
        return response

    form = InterestForm(request.POST)
    member = signed_in_member(request)
    if form.is_valid() and member is not None and member.pk == post.member_id:
        form.add_error(None, _("This is your own post; an expression of interest is for other members."))
    if form.is_valid():
        try:
            store_interest(post=post, data=form.cleaned_data, from_member=member, language=request.LANGUAGE_CODE)
        except IntegrityError:
            earlier = _already_sent(form.cleaned_data["form_token"])
            if earlier is None:
                raise
            return _to_first_copy(request, earlier)
        hit(RATE_SCOPE, ip, period=HOUR)
        return redirect("exchange:interest_sent", slug=post.slug)

    if form.caught_by_honeypot:
        hit(RATE_SCOPE, ip, period=HOUR)
    if form.has_missing_token():
        data = request.POST.copy()
        data["form_token"] = str(uuid.uuid4())
        form = InterestForm(data)
        form.is_valid()
        form.add_error(None, _("This form was out of date. Please check it and send it again."))
    return render(request, "exchange/interest.html", _context(post, form), status=400)


@require_safe
def interest_sent(request, slug):
    post = _public_post(slug)
    return render(request, "exchange/interest_sent.html", {"post": post, "exchange_url": reverse("exchange:list")})


class AlreadyDecided(Exception):
    """Another member of staff decided first; nothing was changed."""


def forward_interest(interest, *, user, note=""):
    """Forward: both sides receive each other's contact details by email (after commit). Refused
    (MissingContact, nothing decided) while the post's member has no contact address."""
    if not interest.post.member.contact_email:
        raise MissingContact(interest.post.member)
    with transaction.atomic():
        interest = _decide_interest(interest, InterestStatus.FORWARDED, user, note)
        emails.interest_forwarded(interest)
    return interest


def decline_interest(interest, *, user, note=""):
    """Decline: a polite message to the sender; the post's member hears nothing."""
    with transaction.atomic():
        interest = _decide_interest(interest, InterestStatus.DECLINED, user, note)
        emails.interest_declined(interest)
    return interest


def _decide_interest(interest, status, user, note):
    changed = Interest.objects.filter(pk=interest.pk, status=InterestStatus.RECEIVED).update(
        status=status, reviewed_by=user, reviewed_at=timezone.now(), note=note.strip()
    )
    if not changed:
        raise AlreadyDecided
    return Interest.objects.select_related("post__member", "reviewed_by").get(pk=interest.pk)
