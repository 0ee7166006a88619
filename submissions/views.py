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
from .forms import ProfileForm
from .models import RECEIVED_SALT, EditLink, EditLinkError, ProfileSubmission

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


def _handle_post(request, *, template, context, current_logo=None, edit_link=None):
    """The shared POST path of the new-profile form and the update form. Returns a response."""
    earlier = _already_sent(request.POST.get("form_token"))
    if earlier is not None:
        return _redirect_to_first_copy(request, earlier)

    ip = client_ip(request)
    if is_limited("submit", ip, limit=settings.SUBMISSIONS_PER_HOUR):
        form = ProfileForm(request.POST, current_logo=current_logo)
        context.update(form=form, rate_limited=True, per_hour=settings.SUBMISSIONS_PER_HOUR)
        return _too_many(render(request, template, context, status=429))

    form = ProfileForm(request.POST, request.FILES, current_logo=current_logo)
    if form.is_valid():
        try:
            submission = services.create_submission(
                data=form.cleaned_data,
                form_token=form.cleaned_data["form_token"],
                edit_link=edit_link,
                language=request.LANGUAGE_CODE,
            )
        except IntegrityError:
            # Two copies of the form raced; the first one stored the submission.
            earlier = _already_sent(form.cleaned_data["form_token"])
            if earlier is None:
                raise
            return _redirect_to_first_copy(request, earlier)
        except EditLinkError as error:
            return _link_error(request, error)
        hit("submit", ip, period=HOUR)
        return redirect(_received_url(submission))

    if form.caught_by_honeypot:
        hit("submit", ip, period=HOUR)
    if form.has_missing_token():
        # A form without its one-time token (or with a forged one): give it a fresh token to resend.
        data = request.POST.copy()
        data["form_token"] = str(uuid.uuid4())
        form = ProfileForm(data, current_logo=current_logo)
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
    member = get_object_or_404(Member.objects.published().only("name", "slug"), slug=slug)
    if request.method == "POST":
        ip = client_ip(request)
        if is_limited("update-link", ip, limit=LINKS_PER_CLIENT_PER_HOUR) or is_limited(
            "update-link-member", member.pk, limit=LINKS_PER_MEMBER_PER_DAY
        ):
            context = {"member": member, "rate_limited": True, "link_days": settings.SUBMISSIONS_LINK_DAYS}
            return _too_many(render(request, "submissions/request_update.html", context, status=429))
        member = Member.objects.get(pk=member.pk)  # now with the private contact, which stays server-side
        services.send_update_link(member=member)
        hit("update-link", ip, period=HOUR)
        hit("update-link-member", member.pk, period=DAY)
        return redirect("submissions:update_link_sent", slug=member.slug)
    return render(
        request, "submissions/request_update.html", {"member": member, "link_days": settings.SUBMISSIONS_LINK_DAYS}
    )


@require_safe
def update_link_sent(request, slug):
    member = get_object_or_404(Member.objects.published().only("name", "slug"), slug=slug)
    return render(
        request,
        "submissions/update_link_sent.html",
        {"member": member, "link_days": settings.SUBMISSIONS_LINK_DAYS},
    )


def _link_error(request, error):
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
    except EditLinkError as error:
        if request.method == "POST" and error.reason == "used":
            earlier = _already_sent(request.POST.get("form_token"))
            if earlier is not None:
                return _redirect_to_first_copy(request, earlier)
        return _link_error(request, error)

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
