"""What a partner does that changes something: asking for a sign-in link, using it, and looking
after its posts (renewing, changing state, telling what came of it). Each one transaction;
emails go after commit."""

from django.db import transaction
from django.utils import timezone

from core.publishing import Status
from exchange.models import ACTIVE_STATES, PostState
from members.models import Member
from submissions.models import SIGN_IN, EditLink, EditLinkError
from submissions.services import spend_link

from . import emails

# More profiles than this behind one address is an address to tidy up, not one to mail ten links to.
MAX_MEMBERS_PER_ADDRESS = 10


class NotAllowed(Exception):
    """A change the post's state does not allow (renewing a withdrawn post, reopening a met one)."""


def send_sign_in_links(address, next_path=""):
    """Email a sign-in link for each published member whose contact on file is `address`.

    Returns how many were sent; the caller must never tell the visitor (that would say whether
    the address is on file)."""
    members = list(
        Member.objects.published()
        .filter(contact_email__iexact=address.strip())
        .only("pk", "name", "slug", "contact_email")
        .order_by("pk")[:MAX_MEMBERS_PER_ADDRESS]
    )
    with transaction.atomic():
        for member in members:
            link = EditLink.objects.create(member=member, type=SIGN_IN)
            emails.sign_in_link(member, link, next_path)
    return len(members)


def sign_in_link(token):
    """The unused sign-in link a token stands for, or EditLinkError (an update link is not one)."""
    link = EditLink.from_token(token)
    if link.type != SIGN_IN or link.member is None or link.member.status != Status.PUBLISHED:
        raise EditLinkError("invalid", 400)
    return link


def spend_sign_in_link(link):
    """Use the link up; EditLinkError("used") if another request did first. Returns its member."""
    with transaction.atomic():
        spend_link(link)
    return link.member


def renew(post):
    if post.state not in (*ACTIVE_STATES, PostState.EXPIRED):
        raise NotAllowed
    post.renew()
    post.save()


def change_state(post, state):
    """Move a listed post to another state; once met, the contact is asked what came of it."""
    if post.state not in ACTIVE_STATES or state not in (*ACTIVE_STATES, PostState.MET, PostState.WITHDRAWN):
        raise NotAllowed
    with transaction.atomic():
        post.state = state
        if state == PostState.MET and post.follow_up_sent_at is None:
            post.follow_up_sent_at = timezone.now()
            emails.follow_up(post)
        post.save()


def record_outcome(post, text):
    if post.state != PostState.MET:
        raise NotAllowed
    post.outcome = text.strip()
    post.save()
