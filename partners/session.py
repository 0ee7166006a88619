"""The partner space's pages: a member's own, reached by signing in (members.partner_session)."""

from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from members.partner_session import sign_in, sign_out, signed_in_member

__all__ = ["partner_view", "sign_in", "sign_out", "signed_in_member"]


def partner_view(view):
    """A page of the partner space: `view(request, member, …)` with the signed-in member.

    Without a partner session a GET goes to the sign-in page (and comes back after), and a POST
    gets a 403 page saying nothing was saved. Every object the view shows or changes must be
    looked up through `member`, so another member's ids answer 404. Never cached anywhere.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        member = signed_in_member(request)
        if member is None:
            if request.method in ("GET", "HEAD"):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('partners:sign_in')}?{query}")
            return render(request, "partners/signed_out.html", status=403)
        return view(request, member, *args, **kwargs)

    return never_cache(wrapper)
