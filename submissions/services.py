"""Writes that touch several models: storing what a partner sent, and a moderator's decisions.

Each function is one transaction. Emails are queued inside it and only go out once it has
committed (core.mail.queue_email), so a failure never leaves a message about something that
was not saved, and a mail server failure never undoes what was saved.
"""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.html import linebreaks
from django.utils.text import slugify

from clusters.models import Cluster
from core.content_language import SOURCE_LANGUAGE
from core.publishing import Status
from core.roles import MODERATORS, group_addresses
from exchange.models import Format, Post, PostState, WorkingLanguage
from exchange.tasks import suggest_after_commit
from members.models import Member, Membership
from solutions.models import Solution, SolutionResult, Target

from . import emails
from .models import EditLink, EditLinkError, ProfileSubmission, SubmissionStatus, SubmissionType

PROFILE_FIELDS = ["name", "kind", "country", "locality", "description", "website"]


class AlreadyDecided(Exception):
    """Another moderator decided this submission first."""

    def __init__(self, submission):
        super().__init__(f"Submission {submission.pk} is already {submission.status}")
        self.submission = submission


class MemberGone(Exception):
    """The profile an update was for has been deleted since."""


class PostGone(Exception):
    """The exchange post an edit was for has been deleted since."""


def create_submission(*, data, form_token, member=None, edit_link=None, language=None):
    """Store what a partner sent, then (after commit) confirm to the contact and tell Moderators.

    `data` is a ProfileForm's cleaned_data. With `edit_link`, the link is spent in the same
    transaction: a used or concurrently used link raises EditLinkError and nothing is stored.
    A second use of `form_token` raises IntegrityError (the view shows the first submission).
    `language` is the form's language (the active one by default): the partner's emails use it.
    """
    revises = edit_link.submission if edit_link else None
    if edit_link and edit_link.member_id:
        member = edit_link.member
    if revises is not None:
        member = revises.member
    submission_type = SubmissionType.UPDATE if member is not None else SubmissionType.NEW

    logo = data.get("logo")
    if logo is None and revises is not None and revises.logo:
        logo = revises.logo.name  # the revision keeps the logo sent before unless a new one comes
    stored_logo = None
    try:
        with transaction.atomic():
            spend_link(edit_link)
            submission = ProfileSubmission(
                type=submission_type,
                member=member,
                revises=revises,
                form_token=form_token,
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                consent=data["consent"],
                language=language or translation.get_language() or settings.LANGUAGE_CODE,
                **{field: data[field] for field in PROFILE_FIELDS},
            )
            if isinstance(logo, ContentFile):
                submission.logo.save(logo.name, logo, save=False)
                stored_logo = submission.logo.name
            elif logo:
                submission.logo = logo
            submission.save()
            submission.clusters.set(data["clusters"])
            _received(submission, edit_link)
    except BaseException:
        _delete_file(ProfileSubmission, stored_logo)  # rolled back: the file would be kept for nothing
        raise
    return submission


def create_solution_submission(*, form, form_token, edit_link, language=None):
    """Store a good practice a member's contact sent through an emailed link (a SolutionForm).

    As create_submission: one transaction that spends the link, stores the submission and queues
    the confirmation and the moderators' notifications. The contact is the one on file (the link
    was sent there), or for a revision the one of the submission sent back.
    """
    revises = edit_link.submission
    member = revises.member if revises is not None else edit_link.member
    contact = revises if revises is not None else member
    data = form.cleaned_data
    with transaction.atomic():
        spend_link(edit_link)
        submission = ProfileSubmission.objects.create(
            type=SubmissionType.SOLUTION,
            member=member,
            revises=revises,
            form_token=form_token,
            name=data["title"],
            description=data["summary"],
            kind=member.kind,
            country=member.country,
            locality=member.locality,
            solution=form.payload(),
            contact_name=contact.contact_name,
            contact_email=contact.contact_email,
            consent=data["consent"],
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
        )
        submission.clusters.set(data["clusters"])
        _received(submission, edit_link)
    return submission


def create_post_submission(*, form, form_token, member, post=None, revises=None, language=None):
    """Store an exchange post a signed-in partner sent (partners.forms.PostForm): a new one, an
    edit of `post`, or a revision of `revises` (a post submission sent back for changes).

    As create_solution_submission: one transaction that stores the submission and queues the
    confirmation and the moderators' notifications. Nothing is public until approval. The contact
    is the member's on file: the partner signed in with a link sent there.
    """
    if revises is not None:
        post = revises.post
    data = form.cleaned_data
    with transaction.atomic():
        submission = ProfileSubmission.objects.create(
            type=SubmissionType.POST,
            member=member,
            post=post,
            revises=revises,
            form_token=form_token,
            name=data["title"],
            description=data["description"],
            kind=member.kind,
            country=member.country,
            locality=member.locality,
            post_fields={**form.payload(), "edits": post.pk if post is not None else None},
            contact_name=member.contact_name,
            contact_email=member.contact_email,
            consent=data["consent"],
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
        )
        submission.clusters.set(data["clusters"])
        _received(submission, None)
    return submission


def spend_link(edit_link):
    """Mark the link used, or raise EditLinkError if another request used it first (a conditional
    UPDATE: of two requests racing with one link, one wins). Call it inside the transaction that
    does what the link allows."""
    if edit_link is None:
        return
    spent = EditLink.objects.filter(pk=edit_link.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not spent:
        raise EditLinkError("used", 410)


def _received(submission, edit_link):
    if edit_link is not None:
        EditLink.objects.filter(pk=edit_link.pk).update(used_for=submission)
    emails.submission_received(submission)
    emails.moderators_notified(submission, group_addresses(MODERATORS))


def _delete_file(model, name):
    if name:
        model._meta.get_field("logo").storage.delete(name)


def send_update_link(*, member, type=SubmissionType.UPDATE):
    """Email the contact address on file a link to propose an update to the profile (or, with
    type SOLUTION, to submit a good practice the member leads). Nothing happens without one.

    Returns whether a link was sent; callers must not reveal it (or the address) to the visitor.
    """
    if not member.contact_email:
        return False
    with transaction.atomic():
        link = EditLink.objects.create(member=member, type=type)
        emails.update_link(member, link)
    return True


def approve(*, submission, reviewer, feature=False, note=""):
    """Publish what the partner sent: create or update the member and its memberships.

    New members are published at once: the partner consented and a moderator approved exactly
    this text. Memberships are added for newly chosen clusters (featured only if the moderator
    says so) and removed for public clusters the partner unticked; memberships in clusters the
    form did not offer (drafts, inactive clusters) and existing featured flags are left alone.
    """
    if submission.type == SubmissionType.SOLUTION:
        return _approve_solution(submission=submission, reviewer=reviewer, note=note)
    if submission.type == SubmissionType.POST:
        return _approve_post(submission=submission, reviewer=reviewer, note=note)
    new_logo = None
    try:
        with transaction.atomic():
            submission = _lock_pending(submission)
            if submission.type == SubmissionType.UPDATE:
                if submission.member is None:
                    raise MemberGone()
                member = submission.member
            else:
                member = Member(status=Status.PUBLISHED, published_at=timezone.now())
                member.slug = _unique_slug(Member, submission.name)
            previous_contact = member.contact_email
            # The partner's text is the profile's source text (the English columns): translations
            # are the editors', and an update leaves them as they were.
            with translation.override(SOURCE_LANGUAGE):
                for field in PROFILE_FIELDS:
                    setattr(member, field, getattr(submission, field))
            member.contact_name = submission.contact_name
            member.contact_email = submission.contact_email
            if submission.logo:
                # The member gets its own copy, so the submission's file can be pruned independently.
                extension = submission.logo.name.rsplit(".", 1)[-1]
                with submission.logo.open("rb") as source:
                    member.logo.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(source.read()), save=False)
                new_logo = member.logo.name
            member.save()
            _sync_memberships(member, submission, feature=feature)

            submission.member = member
            _decide(submission, SubmissionStatus.APPROVED, reviewer, note)
            emails.decision(submission)
            if previous_contact and previous_contact.lower() != member.contact_email.lower():
                # Update links go to the contact on file; whoever had it before hears that it moved.
                emails.contact_changed(member, previous_contact, language=submission.language)
    except BaseException:
        _delete_file(Member, new_logo)
        raise
    return member


def _approve_solution(*, submission, reviewer, note):
    """Publish a good practice: the Solution, led by the submitting member, with its results and targets.

    Partners and clusters no longer public, and target codes no longer known, are left out.
    """
    with transaction.atomic():
        submission = _lock_pending(submission)
        if submission.member is None:
            raise MemberGone()
        proposal = submission.solution
        solution = Solution(
            status=Status.PUBLISHED,
            published_at=timezone.now(),
            slug=_unique_slug(Solution, submission.name),
            lead_member=submission.member,
            stage=proposal["stage"],
            first_year=proposal["first_year"],
            last_year=proposal["last_year"],
        )
        with translation.override(SOURCE_LANGUAGE):  # the partner's text is the source text
            solution.title = submission.name
            solution.summary = submission.description
            for field in ("challenge", "approach", "results_text", "replication"):
                text = proposal.get(field) or ""
                setattr(solution, field, linebreaks(text, autoescape=True) if text else "")
        solution.save()
        partners = Member.objects.published().filter(pk__in=proposal.get("partners", []))
        solution.partners.set(partners.exclude(pk=submission.member_id))
        solution.clusters.set(Cluster.objects.published().filter(pk__in=submission.clusters.all()))
        solution.targets.set(Target.objects.filter(code__in=proposal.get("targets", [])))
        with translation.override(SOURCE_LANGUAGE):
            SolutionResult.objects.bulk_create(
                [
                    SolutionResult(
                        solution=solution,
                        order=order,
                        indicator=row["indicator"],
                        baseline=row["baseline"],
                        value=row["value"],
                        unit=row["unit"],
                        year=row["year"],
                        source=row["source"],
                    )
                    for order, row in enumerate(proposal.get("results", []), start=1)
                ]
            )
        _decide(submission, SubmissionStatus.APPROVED, reviewer, note)
        emails.decision(submission, published=solution)
    return solution


def _approve_post(*, submission, reviewer, note):
    """Publish an exchange post as sent: a new one (open, published now, expiring in six months)
    or an edit of the post it names. Its state and expiry are the partner's to change, not an
    edit's. Clusters no longer public and target codes no longer known are left out. Suggestions
    are computed in a task once this has committed."""
    with transaction.atomic():
        submission = _lock_pending(submission)
        if submission.member is None:
            raise MemberGone()
        fields = submission.post_fields
        if fields.get("edits") is not None:
            post = Post.objects.select_for_update().filter(pk=fields["edits"], member=submission.member).first()
            if post is None:
                raise PostGone()
        else:
            post = Post(
                member=submission.member,
                status=Status.PUBLISHED,
                published_at=timezone.now(),
                state=PostState.OPEN,
                slug=_unique_slug(Post, submission.name, reserved={"feed"}),
            )
        post.type = fields["type"]
        post.title = submission.name
        post.description = fields["description"]
        post.details = fields["details"]
        post.language = fields["language"]
        post.save()
        post.clusters.set(Cluster.objects.published().filter(pk__in=submission.clusters.all()))
        post.targets.set(Target.objects.filter(code__in=fields.get("targets", [])))
        post.formats.set(Format.objects.filter(code__in=fields.get("formats", [])))
        post.languages.set(WorkingLanguage.objects.filter(code__in=fields.get("languages", [])))
        submission.post = post
        _decide(submission, SubmissionStatus.APPROVED, reviewer, note)
        emails.decision(submission, published=post)
        suggest_after_commit(post)
    return post


def reject(*, submission, reviewer, reason):
    with transaction.atomic():
        submission = _lock_pending(submission)
        _decide(submission, SubmissionStatus.REJECTED, reviewer, reason)
        emails.decision(submission)
    return submission


def request_changes(*, submission, reviewer, message):
    """Send the submission back with a message and a single-use link to a form filled with it (for
    an exchange post, the address of its revision in the partner space, reached by signing in)."""
    with transaction.atomic():
        submission = _lock_pending(submission)
        _decide(submission, SubmissionStatus.CHANGES_REQUESTED, reviewer, message)
        if submission.type == SubmissionType.POST:
            # The partner revises it in the partner space, signed in: no link of its own.
            emails.decision(submission)
        else:
            link = EditLink.objects.create(submission=submission, type=submission.type)
            emails.decision(submission, link=link)
    return submission


def _lock_pending(submission):
    locked = ProfileSubmission.objects.select_for_update(of=("self",)).select_related("member").get(pk=submission.pk)
    if locked.status != SubmissionStatus.PENDING:
        raise AlreadyDecided(locked)
    return locked


def _decide(submission, status, reviewer, note):
    submission.status = status
    submission.reviewed_by = reviewer
    submission.reviewed_at = timezone.now()
    submission.decision_note = note.strip()
    submission.save(update_fields=["status", "member", "post", "reviewed_by", "reviewed_at", "decision_note"])


def _sync_memberships(member, submission, *, feature):
    chosen = {cluster.pk for cluster in submission.clusters.all()}
    offered = set(Cluster.objects.published().active().values_list("pk", flat=True))
    current = dict(Membership.objects.filter(member=member).values_list("cluster_id", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(member=member, cluster_id=cluster_id, is_featured=feature, joined_on=timezone.localdate())
            for cluster_id in sorted(chosen - current.keys())
        ]
    )
    unticked = (offered & current.keys()) - chosen
    if submission.type == SubmissionType.UPDATE and unticked:
        Membership.objects.filter(member=member, cluster_id__in=unticked).delete()
    if feature:
        Membership.objects.filter(member=member, cluster_id__in=chosen).update(is_featured=True)


def _unique_slug(model, name, reserved=()):
    """A free slug from `name`; `reserved` are addresses the model's pages cannot take (a feed)."""
    field_length = model._meta.get_field("slug").max_length
    base = slugify(name)[: field_length - 8].strip("-") or model._meta.model_name
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | set(reserved)
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
