"""The messages partners and moderators receive. Plain text, rendered now, sent after commit.

A partner's messages are written in the language of the form they used (`submission.language`),
links included (`/es/members/…`); the moderators' in English, the language of the back office.

Templates live in templates/submissions/email/ and turn autoescaping off: the body is not
HTML, so partner text is shown as typed and cannot become markup in any mail client.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import queue_email
from core.urls import site_url

from .models import SubmissionStatus, SubmissionType


def absolute(path):
    return f"{site_url()}{path}"


def _render(name, **context):
    context.setdefault("site_name", settings.SITE_NAME)
    context.setdefault("site_url", site_url())
    return render_to_string(f"submissions/email/{name}.txt", context)


def in_language_of(submission):
    """The partner's language for this submission's emails (English for a language no longer offered)."""
    language = submission.language if submission.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return translation.override(language)


def submission_received(submission):
    with in_language_of(submission):
        _submission_received(submission)


def _submission_received(submission):
    if submission.type == SubmissionType.SOLUTION:
        subject = _("We received your good practice “%(name)s”")
    elif submission.type == SubmissionType.POST:
        subject = _("We received your exchange post “%(name)s”")
    else:
        subject = _("We received your profile for %(name)s")
    queue_email(
        subject=subject % {"name": submission.name},
        body=_render(
            "received",
            submission=submission,
            link_days=settings.SUBMISSIONS_LINK_DAYS,
        ),
        to=[submission.contact_email],
    )


def moderators_notified(submission, addresses):
    with translation.override(settings.LANGUAGE_CODE):
        _moderators_notified(submission, addresses)


def _moderators_notified(submission, addresses):
    review_url = absolute(reverse("admin:submissions_profilesubmission_change", args=[submission.pk]))
    if submission.type == SubmissionType.SOLUTION:
        subject = _("Good practice to review: %(name)s")
    elif submission.type == SubmissionType.POST:
        subject = _("Exchange post to review: %(name)s")
    elif submission.member_id:
        subject = _("Profile update to review: %(name)s")
    else:
        subject = _("New profile to review: %(name)s")
    subject %= {"name": submission.name}
    body = _render("moderators", submission=submission, review_url=review_url)
    for address in addresses:  # one message each: staff addresses are not shared, and retried alone
        queue_email(subject=subject, body=body, to=[address])


def update_link(member, link):
    """The link to update a profile or, for a link of type SOLUTION, to submit a good practice."""
    if link.type == SubmissionType.SOLUTION:
        template, subject = "solution_link", _("Your link to submit a good practice of %(name)s to the %(site)s")
    else:
        template, subject = "update_link", _("Your link to update %(name)s on the %(site)s")
    queue_email(
        subject=subject % {"name": member.name, "site": settings.SITE_NAME},
        body=_render(
            template,
            member=member,
            url=absolute(reverse("submissions:edit", args=[link.token()])),
            link_days=settings.SUBMISSIONS_LINK_DAYS,
        ),
        to=[member.contact_email],
    )


def decision(submission, link=None, published=None):
    """The decision, to the contact; `published` is what an approval made public (the member by
    default; the good practice or the exchange post it created or changed)."""
    with in_language_of(submission):
        _decision(submission, link, published)


def _decision(submission, link=None, published=None):
    if submission.type == SubmissionType.SOLUTION:
        subjects = {
            SubmissionStatus.APPROVED: _("Your good practice “%(name)s” is published"),
            SubmissionStatus.REJECTED: _("Your good practice “%(name)s” was not accepted"),
            SubmissionStatus.CHANGES_REQUESTED: _("Changes requested to your good practice “%(name)s”"),
        }
    elif submission.type == SubmissionType.POST:
        subjects = {
            SubmissionStatus.APPROVED: _("Your exchange post “%(name)s” is published"),
            SubmissionStatus.REJECTED: _("Your exchange post “%(name)s” was not accepted"),
            SubmissionStatus.CHANGES_REQUESTED: _("Changes requested to your exchange post “%(name)s”"),
        }
    else:
        subjects = {
            SubmissionStatus.APPROVED: _("Your profile for %(name)s is published"),
            SubmissionStatus.REJECTED: _("Your profile for %(name)s was not accepted"),
            SubmissionStatus.CHANGES_REQUESTED: _("Changes requested to your profile for %(name)s"),
        }
    subject = subjects[submission.status]
    template = {
        SubmissionStatus.APPROVED: "approved",
        SubmissionStatus.REJECTED: "rejected",
        SubmissionStatus.CHANGES_REQUESTED: "changes",
    }[submission.status]
    context = {"submission": submission, "link_days": settings.SUBMISSIONS_LINK_DAYS}
    if submission.status == SubmissionStatus.APPROVED:
        context["profile_url"] = absolute((published or submission.member).get_absolute_url())
    if link is not None:
        context["url"] = absolute(reverse("submissions:edit", args=[link.token()]))
    elif submission.type == SubmissionType.POST:
        # Posts are revised in the partner space, after signing in; the page says how.
        context["url"] = absolute(reverse("partners:revise", args=[submission.pk]))
        context["partner_url"] = absolute(reverse("partners:home"))
    queue_email(
        subject=subject % {"name": submission.name},
        body=_render(template, **context),
        to=[submission.contact_email],
    )


def contact_changed(member, previous_address, *, language=None):
    with translation.override(language or settings.LANGUAGE_CODE):
        _contact_changed(member, previous_address)


def _contact_changed(member, previous_address):
    queue_email(
        subject=_("The contact for %(name)s on the %(site)s has changed")
        % {"name": member.name, "site": settings.SITE_NAME},
        body=_render("contact_changed", member=member, profile_url=absolute(member.get_absolute_url())),
        to=[previous_address],
    )
