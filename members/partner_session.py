"""Who is signed in to the partner space: a member id in the session, not a Django user.

A partner session is not a staff session: nothing here logs a user in, so the admin and every
staff check see an anonymous visitor. The session also keeps a digest of the member's contact
address at sign-in; when an approved update changes the contact, the old sessions end, as
Django ends a user's sessions when the password changes. The partner space (partners.session)
and the expression-of-interest form (exchange.interest) both ask `signed_in_member`.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

from core.publishing import Status

from .models import Member

MEMBER_KEY = "partner_member"
CHECK_KEY = "partner_check"


def _check(member):
    key = f"{member.pk}:{member.contact_email.lower()}"
    return salted_hmac("partners.session", key, algorithm="sha256").hexdigest()


def sign_in(request, member):
    """Start a partner session for `member`, under a new session key (no fixation)."""
    request.session.cycle_key()
    request.session[MEMBER_KEY] = member.pk
    request.session[CHECK_KEY] = _check(member)


def sign_out(request):
    request.session.pop(MEMBER_KEY, None)
    request.session.pop(CHECK_KEY, None)
    request.session.cycle_key()


def signed_in_member(request):
    """The published member whose contact signed in from this browser, or None."""
    if not hasattr(request, "session"):
        return None
    pk = request.session.get(MEMBER_KEY)
    if not isinstance(pk, int):
        return None
    member = Member.objects.filter(pk=pk, status=Status.PUBLISHED).first()
    if member is None or not member.contact_email:
        return None
    if not constant_time_compare(request.session.get(CHECK_KEY, ""), _check(member)):
        sign_out(request)
        return None
    return member
