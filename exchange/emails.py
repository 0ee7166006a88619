"""The exchange's messages: an interest received, forwarded or declined, and an introduction.

Plain text, rendered now and sent after commit (core.mail.queue_email). Whoever wrote something
receives it in their language: the sender of an interest in the language of the form they used,
a post's member in the language of the post; staff in English, the back office's language.
Contact details appear only in the messages a decision sends to the two sides concerned.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import queue_email
from core.roles import MODERATORS, group_addresses
from core.urls import site_url

from . import matching


def _language(code):
    return translation.override(code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)


def _render(name, **context):
    context.setdefault("site_name", settings.SITE_NAME)
    context.setdefault("site_url", site_url())
    return render_to_string(f"exchange/email/{name}.txt", context)


def _post_url(post):
    return f"{site_url()}{post.get_absolute_url()}"


def interest_received(interest):
    """An acknowledgement to the sender, and one notice to each Moderator."""
    post = interest.post
    with _language(interest.language):
        queue_email(
            subject=_("We received your interest in “%(title)s”") % {"title": post.title},
            body=_render("interest_received", interest=interest, post=post, post_url=_post_url(post)),
            to=[interest.email],
        )
    with _language(settings.LANGUAGE_CODE):
        review_url = site_url() + reverse("admin:exchange_interest_change", args=[interest.pk])
        subject = _("Expression of interest to review: %(title)s") % {"title": post.title}
        body = _render("interest_moderators", interest=interest, post=post, review_url=review_url)
    for address in group_addresses(MODERATORS):  # one message each: staff addresses are not shared
        queue_email(subject=subject, body=body, to=[address])


def interest_forwarded(interest):
    """Each side receives the other's contact details, and the note."""
    post, member = interest.post, interest.post.member
    with _language(post.language):
        queue_email(
            subject=_("%(organisation)s is interested in “%(title)s”")
            % {"organisation": interest.organisation, "title": post.title},
            body=_render("interest_forwarded_member", interest=interest, post=post, member=member),
            to=[member.contact_email],
            reply_to=[interest.email],
        )
    with _language(interest.language):
        queue_email(
            subject=_("Your interest in “%(title)s”: the contact details") % {"title": post.title},
            body=_render(
                "interest_forwarded_sender", interest=interest, post=post, member=member, post_url=_post_url(post)
            ),
            to=[interest.email],
            reply_to=[member.contact_email] if member.contact_email else None,
        )


def interest_declined(interest):
    post = interest.post
    with _language(interest.language):
        queue_email(
            subject=_("Your interest in “%(title)s”") % {"title": post.title},
            body=_render("interest_declined", interest=interest, post=post),
            to=[interest.email],
        )


def introduction(suggestion, note=""):
    """Both parties of a suggested match: the post's member and the candidate's member contact."""
    post = suggestion.post
    other = suggestion_member(suggestion)
    candidate = suggestion.candidate
    candidate_url = f"{site_url()}{candidate.get_absolute_url()}"
    parties = [
        (post.member, other, post.language, candidate, candidate_url),
        (other, post.member, post.language, post, _post_url(post)),
    ]
    for you, them, language, about, about_url in parties:
        with _language(language):
            reasons = "; ".join(matching.describe(suggestion))
            queue_email(
                subject=_("An introduction: %(name)s") % {"name": them.name},
                body=_render(
                    "introduction",
                    you=you,
                    them=them,
                    post=post,
                    about=about,
                    about_url=about_url,
                    note=note,
                    reasons=reasons,
                ),
                to=[you.contact_email],
                reply_to=[them.contact_email] if them.contact_email else None,
            )


def suggestion_member(suggestion):
    """The member behind a suggestion's candidate: a post's member, a solution's lead, or the member."""
    if suggestion.other_post_id:
        return suggestion.other_post.member
    if suggestion.solution_id:
        return suggestion.solution.lead_member
    return suggestion.member
