"""The partner space's messages: a sign-in link, and the question of what came of a met post.

Plain text, rendered in the language active when they are queued (the page the partner used),
sent after commit through core.mail.queue_email. Templates in templates/partners/email/ turn
autoescaping off, as the submissions' do.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core.mail import queue_email
from core.urls import site_url


def _render(name, **context):
    return render_to_string(
        f"partners/email/{name}.txt", {"site_name": settings.SITE_NAME, "site_url": site_url(), **context}
    )


def sign_in_link(member, link, next_path=""):
    """The link that signs the member's contact in, to the address on file."""
    url = site_url() + reverse("partners:sign_in_link", args=[link.token()])
    if next_path:
        url += "?" + urlencode({"next": next_path})
    queue_email(
        subject=_("Your link to sign in for %(name)s on the %(site)s")
        % {"name": member.name, "site": settings.SITE_NAME},
        body=_render("sign_in_link", member=member, url=url, link_days=settings.SUBMISSIONS_LINK_DAYS),
        to=[member.contact_email],
    )


def follow_up(post):
    """Once a post is met: what came of it? The answer goes to the outcome page (sign-in first)."""
    queue_email(
        subject=_("What came of “%(title)s”?") % {"title": post.title},
        body=_render(
            "follow_up",
            post=post,
            member=post.member,
            url=site_url() + reverse("partners:post_outcome", args=[post.pk]),
        ),
        to=[post.member.contact_email],
    )
