"""Public pages for partners: submit a profile, ask for an update link, use it.

Nothing here is public content: the pages show only what the visitor typed (or, through a
valid emailed link, the profile it was sent for), and never a contact address on file.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clusters.models import Cluster
from core.content_language import SOURCE_LANGUAGE
from core.ratelimit import client_ip, hit, is_limited
from members.models import Member

from . import services
from .forms import ProfileForm, SolutionForm
from .models import RECEIVED_SALT, SIGN_IN, EditLink, EditLinkError, ProfileSubmission, SubmissionType

HOUR = 60 * 60
DAY = 24 * HOUR
LINKS_PER_CLIENT_PER_HOUR = 5
LINKS_PER_MEMBER_PER_DAY = 3


def _received_url(submission):
    return reverse("submissions:received", args=[submission.received_token()])


def _too_many(response):
    response["Retry-After"] = str(HOUR)
    return response


def _already_sent(form_token):
    """The submission a copy of this form already made, if any (a double click, a resend)."""
    try:
        token = uuid.UUID(str(form_token))
    except ValueError:
        return None
    return ProfileSubmission.objects.filter(form_token=token).first()


def _redirect_to_first_copy(request, submission):
    messages.info(request, _("This form had already been sent; we kept the first copy and did not make a second."))
    return redirect(_received_url(submission))


def _handle_post(request, *, template, context, current_logo=None, edit_link=None, solution_for=None):
    """The POST path of the forms reached from /submit/: a new profile, an update, a good practice
    (`solution_for`, the member leading it). Returns a response."""

    def make_form(data, files=None):
        if solution_for is not None:
            return SolutionForm(data, member=solution_for)
        return ProfileForm(data, files, current_logo=current_logo)

    def store(form):
        if solution_for is not None:
            return services.create_solution_submission(
                form=form,
                form_token=form.cleaned_data["form_token"],
                edit_link=edit_link,
                language=request.LANGUAGE_CODE,
            )
        return services.create_submission(
            data=form.cleaned_data,
            form_token=form.cleaned_data["form_token"],
            edit_link=edit_link,
            language=request.LANGUAGE_CODE,
        )

    return handle_partner_form(request, template=template, context=context, make_form=make_form, store=store)


def handle_partner_form(request, *, template, context, make_form, store):
    """The shared POST path of every form a partner sends for moderation (a core.forms.PartnerForm).

    `make_form(data, files=None)` builds the form; `store(form)` saves a valid one as a submission
    (one transaction) and returns it. A copy of a form already sent goes to the first copy's
    confirmation; one connection sends at most SUBMISSIONS_PER_HOUR (429 beyond); a form caught
    by the honeypot counts towards that limit; a missing or forged token gets a fresh one and a
    message. Returns a response: the confirmation page, or the form again with its errors (400).
    """
    earlier = _already_sent(request.POST.get("form_token"))
    if earlier is not None:
        return _redirect_to_first_copy(request, earlier)

    ip = client_ip(request)
    if is_limited("submit", ip, limit=settings.SUBMISSIONS_PER_HOUR):
        form = make_form(request.POST)
        context.update(form=form, rate_limited=True, per_hour=settings.SUBMISSIONS_PER_HOUR)
        return _too_many(render(request, template, context, status=429))

    form = make_form(request.POST, request.FILES)
    if form.is_valid():
        try:
            submission = store(form)
        except IntegrityError:
            # Two copies of the form raced; the first one stored the submission.
            earlier = _already_sent(form.cleaned_data["form_token"])
            if earlier is None:
                raise
            return _redirect_to_first_copy(request, earlier)
        except EditLinkError as error:
            return link_error(request, error)
        hit("submit", ip, period=HOUR)
        return redirect(_received_url(submission))

    if form.caught_by_honeypot:
        hit("submit", ip, period=HOUR)
    if form.has_missing_token():
        # A form without its one-time token (or with a forged one): give it a fresh token to resend.
        data = request.POST.copy()
        data["form_token"] = str(uuid.uuid4())
        form = make_form(data)
        form.is_valid()
        form.add_error(None, _("This form was out of date. Please check it and send it again."))
    context.update(form=form)
    return render(request, template, context, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    context = {"mode": "new"}
    if request.method == "POST":
        return _handle_post(request, template="submissions/submit.html", context=context)
    initial = {"form_token": uuid.uuid4()}
    if slugs := request.GET.getlist("cluster")[:10]:  # "Join this cluster": the cluster comes ticked
        joinable = Cluster.objects.published().active().filter(slug__in=slugs)
        initial["clusters"] = list(joinable.values_list("pk", flat=True))
    context["form"] = ProfileForm(initial=initial)
    return render(request, "submissions/submit.html", context)


@require_safe
def received(request, token):
    try:
        pk = int(signing.Signer(salt=RECEIVED_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise Http404 from error
    submission = get_object_or_404(ProfileSubmission.objects.only("name", "type", "status", "member"), pk=pk)
    return render(request, "submissions/received.html", {"submission": submission})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_update(request, slug):
    return _request_link(request, slug, SubmissionType.UPDATE)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_solution_link(request, slug):
    return _request_link(request, slug, SubmissionType.SOLUTION)


def _request_link(request, slug, link_type):
    """Email the contact on file a link to update the profile or to submit a good practice.

    Both kinds share the rate limits: they protect the same inbox."""
    member = get_object_or_404(Member.objects.published().only("name", "slug"), slug=slug)
    context = {"member": member, "link_days": settings.SUBMISSIONS_LINK_DAYS, "purpose": link_type}
    if request.method == "POST":
        ip = client_ip(request)
        if is_limited("update-link", ip, limit=LINKS_PER_CLIENT_PER_HOUR) or is_limited(
            "update-link-member", member.pk, limit=LINKS_PER_MEMBER_PER_DAY
        ):
            context["rate_limited"] = True
            return _too_many(render(request, "submissions/request_update.html", context, status=429))
        member = Member.objects.get(pk=member.pk)  # now with the private contact, which stays server-side
        services.send_update_link(member=member, type=link_type)
        hit("update-link", ip, period=HOUR)
        hit("update-link-member", member.pk, period=DAY)
        sent = (
            "submissions:solution_link_sent" if link_type == SubmissionType.SOLUTION else "submissions:update_link_sent"
        )
        return redirect(sent, slug=member.slug)
    return render(request, "submissions/request_update.html", context)


@require_safe
def update_link_sent(request, slug):
    return _link_sent(request, slug, SubmissionType.UPDATE)


@require_safe
def solution_link_sent(request, slug):
    return _link_sent(request, slug, SubmissionType.SOLUTION)


def _link_sent(request, slug, link_type):
    member = get_object_or_404(Member.objects.published().only("name", "slug"), slug=slug)
    return render(
        request,
        "submissions/update_link_sent.html",
        {"member": member, "link_days": settings.SUBMISSIONS_LINK_DAYS, "purpose": link_type},
    )


def link_error(request, error):
    """The page saying why an emailed link cannot be used (expired 410, used 410, invalid 400)."""
    return render(
        request,
        "submissions/link_error.html",
        {"reason": error.reason, "link_days": settings.SUBMISSIONS_LINK_DAYS},
        status=error.status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, token):
    """The form reached through an emailed link, filled with the profile or the submission it is for.

    Opening the link does not spend it (mail scanners open links); sending the form does.
    """
    try:
        link = EditLink.from_token(token)
        if link.type in (SIGN_IN, SubmissionType.POST):
            # A sign-in link opens the partner space, never a form; posts are revised there.
            raise EditLinkError("invalid", 400)
    except EditLinkError as error:
        if request.method == "POST" and error.reason == "used":
            earlier = _already_sent(request.POST.get("form_token"))
            if earlier is not None:
                return _redirect_to_first_copy(request, earlier)
        return link_error(request, error)

    if link.makes_solution:
        return _edit_solution(request, link)
    source = link.member if link.member_id else link.submission
    current_logo = source.logo or None
    context = {
        "mode": "update" if link.member_id else "revision",
        "source": source,
        "current_logo": current_logo,
        "note": link.submission.decision_note if link.submission_id else "",
        "expires_at": link.expires_at,
    }
    if request.method == "POST":
        return _handle_post(
            request,
            template="submissions/submit.html",
            context=context,
            current_logo=current_logo,
            edit_link=link,
        )
    # The form holds the profile's source text (the English columns), whatever the page's language:
    # approving it writes that text back there (services.approve), so prefilling it with a
    # translation would replace the English name or description with the Spanish one.
    with translation.override(SOURCE_LANGUAGE):
        initial = {
            field: getattr(source, field) for field in [*services.PROFILE_FIELDS, "contact_name", "contact_email"]
        }
    initial["country"] = source.country.code
    initial["clusters"] = list(source.clusters.values_list("pk", flat=True))
    initial["form_token"] = uuid.uuid4()
    context["form"] = ProfileForm(initial=initial, current_logo=current_logo)
    return render(request, "submissions/submit.html", context)


def _edit_solution(request, link):
    """The good-practice form of a link: empty for a new one, filled with what was sent for a revision."""
    member = link.member if link.member_id else link.submission.member
    if member is None:  # the member an earlier good practice named has been deleted since
        raise Http404
    context = {
        "mode": "revision" if link.submission_id else "new",
        "member": member,
        "note": link.submission.decision_note if link.submission_id else "",
        "expires_at": link.expires_at,
    }
    template = "submissions/submit_solution.html"
    if request.method == "POST":
        return _handle_post(request, template=template, context=context, edit_link=link, solution_for=member)
    initial, results = {}, None
    if link.submission_id:
        with translation.override(SOURCE_LANGUAGE):
            initial, results = SolutionForm.initial_from(link.submission)
    initial["form_token"] = uuid.uuid4()
    context["form"] = SolutionForm(initial=initial, member=member, results_initial=results)
    return render(request, template, context)
