"""The partner space: a member's own pages, reached by a signed sign-in link.

Every page but the sign-in ones is a `partner_view`: it gets the signed-in member and looks up
every object through it (`member.exchange_posts`, `member.submissions`, the interests on its
posts or sent by it), so another member's ids answer 404 and change nothing. No page here shows
an email address, the member's own contact included.
"""

import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.publishing import Status
from core.ratelimit import client_ip, hit, is_limited
from exchange import matching
from exchange.models import ACTIVE_STATES, Interest, PostState, Suggestion, SuggestionStatus
from submissions import services as submission_services
from submissions.models import EditLinkError, SubmissionStatus, SubmissionType
from submissions.views import handle_partner_form

from . import services
from .forms import OutcomeForm, PostForm, SignInForm, StateForm
from .session import partner_view, sign_in, sign_out

HOUR = 60 * 60
DAY = 24 * HOUR
LINKS_PER_CLIENT_PER_HOUR = 5
LINKS_PER_ADDRESS_PER_DAY = 3
# Where a sign-in may lead back to: a page of the partner space, in any language, without a query.
NEXT_PATH = re.compile(r"/(?:[a-z]{2}(?:-[a-z]+)?/)?partner/(?:[a-z0-9-]+/)*")


def _safe_next(value):
    return value if isinstance(value, str) and NEXT_PATH.fullmatch(value or "") else ""


def own_posts(member):
    """The member's posts a partner sees and acts on: published ones (an editor's draft stays the editor's)."""
    return member.exchange_posts.filter(status=Status.PUBLISHED)


def _pending_post_submissions(member):
    return member.submissions.filter(type=SubmissionType.POST).exclude(status=SubmissionStatus.APPROVED)


# Sign-in


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_request(request):
    """Ask for a sign-in link by address. The answer is the same whether or not it is on file."""
    if request.method != "POST":
        form = SignInForm(initial={"next": _safe_next(request.GET.get("next"))})
        return render(request, "partners/sign_in.html", {"form": form, "link_days": settings.SUBMISSIONS_LINK_DAYS})
    form = SignInForm(request.POST)
    context = {"form": form, "link_days": settings.SUBMISSIONS_LINK_DAYS}
    if not form.is_valid():
        return render(request, "partners/sign_in.html", context, status=400)
    address = form.cleaned_data["email"].strip().lower()
    ip = client_ip(request)
    if is_limited("partner-link", ip, limit=LINKS_PER_CLIENT_PER_HOUR) or is_limited(
        "partner-link-address", address, limit=LINKS_PER_ADDRESS_PER_DAY
    ):
        context["rate_limited"] = True
        response = render(request, "partners/sign_in.html", context, status=429)
        response["Retry-After"] = str(HOUR)
        return response
    services.send_sign_in_links(address, _safe_next(form.cleaned_data["next"]))
    hit("partner-link", ip, period=HOUR)
    hit("partner-link-address", address, period=DAY)
    return redirect("partners:sign_in_sent")


@require_safe
def sign_in_sent(request):
    return render(request, "partners/sign_in_sent.html", {"link_days": settings.SUBMISSIONS_LINK_DAYS})


def _link_error(request, error):
    return render(
        request,
        "partners/link_error.html",
        {"reason": error.reason, "link_days": settings.SUBMISSIONS_LINK_DAYS},
        status=error.status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_link(request, token):
    """The emailed link. Opening it shows a button (mail scanners open links); pressing it spends
    the link and signs in."""
    next_path = _safe_next(request.POST.get("next") or request.GET.get("next"))
    try:
        link = services.sign_in_link(token)
        if request.method == "POST":
            member = services.spend_sign_in_link(link)
    except EditLinkError as error:
        return _link_error(request, error)
    if request.method != "POST":
        return render(
            request, "partners/sign_in_confirm.html", {"member": link.member, "next": next_path, "link": link}
        )
    sign_in(request, member)
    return redirect(next_path or reverse("partners:home"))


@require_POST
def sign_out_view(request):
    sign_out(request)
    messages.info(request, _("You are signed out of the partner space."))
    return redirect("partners:sign_in")


# The member's space


@partner_view
@require_safe
def home(request, member):
    posts = list(own_posts(member).prefetch_related("clusters").order_by("-published_at", "-pk"))
    pending = list(_pending_post_submissions(member).select_related("post").order_by("-submitted_at"))
    received = Interest.objects.filter(post__member=member).select_related("post", "from_member")
    sent = Interest.objects.filter(from_member=member).select_related("post__member")
    context = {
        "member": member,
        "posts": posts,
        "pending": pending,
        "received": list(received.order_by("-created_at")[:50]),
        "sent": list(sent.order_by("-created_at")[:50]),
        "suggestions": _suggestions(Q(post__member=member, post__status=Status.PUBLISHED))[:20],
        "solutions": list(member.led_solutions.published().order_by("-published_at")[:50]),
        "partner_solutions": list(member.partner_solutions.published().order_by("-published_at")[:50]),
        "active_states": ACTIVE_STATES,
    }
    return render(request, "partners/home.html", context)


def _suggestions(condition):
    """Undismissed suggestions, best first, each with its reasons in words (matching.describe)."""
    rows = list(
        Suggestion.objects.filter(condition)
        .exclude(status=SuggestionStatus.DISMISSED)
        .select_related("post", "other_post__member", "solution", "member")
        .order_by("-score", "pk")[:50]
    )
    clusters = matching.cluster_names(rows)
    for suggestion in rows:
        suggestion.described = matching.describe(suggestion, clusters)
    return rows


def _only(request, methods):
    """A 405 unless the request uses one of `methods`. Called after the object is found through the
    member, so another member's ids answer 404 whatever the method."""
    return None if request.method in methods else HttpResponseNotAllowed(methods)


SAFE = ["GET", "HEAD"]


@partner_view
def post_detail(request, member, pk):
    post = get_object_or_404(own_posts(member).prefetch_related("clusters", "targets", "formats", "languages"), pk=pk)
    if refused := _only(request, SAFE):
        return refused
    context = {
        "member": member,
        "post": post,
        "interests": list(post.interests.order_by("-created_at")),
        "suggestions": _suggestions(Q(post=post)),
        "pending": list(_pending_post_submissions(member).filter(post=post).order_by("-submitted_at")),
        "state_form": StateForm(initial={"state": post.state}),
        "can_change_state": post.state in ACTIVE_STATES,
        "can_renew": post.state in (*ACTIVE_STATES, PostState.EXPIRED),
    }
    return render(request, "partners/post_detail.html", context)


def _post_form_response(request, member, *, context, initial=None, post=None, revises=None):
    """The post form: a new post, an edit of `post`, or a revision of `revises`; sent, it is
    stored for moderation (submissions.services.create_post_submission)."""
    context = {"member": member, "post": post, "revises": revises, **context}
    template = "partners/post_form.html"
    if request.method == "POST":

        def store(form):
            return submission_services.create_post_submission(
                form=form,
                form_token=form.cleaned_data["form_token"],
                member=member,
                post=post,
                revises=revises,
                language=request.LANGUAGE_CODE,
            )

        return handle_partner_form(
            request,
            template=template,
            context=context,
            make_form=lambda data, files=None: PostForm(data),
            store=store,
        )
    initial = {"language": request.LANGUAGE_CODE, **(initial or {}), "form_token": uuid.uuid4()}
    context["form"] = PostForm(initial=initial)
    return render(request, template, context)


@partner_view
@require_http_methods(["GET", "HEAD", "POST"])
def post_new(request, member):
    return _post_form_response(request, member, context={"mode": "new"})


@partner_view
@require_http_methods(["GET", "HEAD", "POST"])
def post_edit(request, member, pk):
    post = get_object_or_404(own_posts(member), pk=pk)
    initial = PostForm.initial_from_post(post) if request.method != "POST" else None
    return _post_form_response(request, member, context={"mode": "edit"}, initial=initial, post=post)


@partner_view
@require_http_methods(["GET", "HEAD", "POST"])
def revise(request, member, pk):
    """A post submission a moderator sent back, in the form again with the moderator's message."""
    submission = get_object_or_404(
        member.submissions.filter(type=SubmissionType.POST, status=SubmissionStatus.CHANGES_REQUESTED), pk=pk
    )
    if submission.revisions.exists():
        messages.info(request, _("You already sent a revision of this post; it is waiting for review."))
        return redirect("partners:home")
    if submission.post_fields.get("edits") is not None and submission.post is None:
        raise Http404  # the post it was an edit of has been deleted since
    initial = PostForm.initial_from_submission(submission) if request.method != "POST" else None
    return _post_form_response(
        request,
        member,
        context={"mode": "revision", "note": submission.decision_note},
        initial=initial,
        post=submission.post,
        revises=submission,
    )


def _refused(request, member, post, message):
    return render(request, "partners/refused.html", {"member": member, "post": post, "message": message}, status=409)


@partner_view
def post_renew(request, member, pk):
    post = get_object_or_404(own_posts(member), pk=pk)
    if refused := _only(request, ["POST"]):
        return refused
    try:
        services.renew(post)
    except services.NotAllowed:
        return _refused(request, member, post, _("A met or withdrawn post is closed; it cannot be renewed."))
    messages.success(
        request, _("Renewed: the post is listed until %(date)s.") % {"date": post.expires_on.strftime("%Y-%m-%d")}
    )
    return redirect("partners:post_detail", pk=post.pk)


@partner_view
def post_state(request, member, pk):
    post = get_object_or_404(own_posts(member), pk=pk)
    if refused := _only(request, ["POST"]):
        return refused
    form = StateForm(request.POST)
    if not form.is_valid():
        return _refused(request, member, post, _("Please choose one of the states offered."))
    try:
        services.change_state(post, form.cleaned_data["state"])
    except services.NotAllowed:
        return _refused(
            request, member, post, _("This post is closed (met, withdrawn or expired); its state cannot change now.")
        )
    if post.state == PostState.MET:
        messages.success(request, _("Marked as met. Tell us what came of it below; we have also emailed you the link."))
        return redirect("partners:post_outcome", pk=post.pk)
    messages.success(request, _("The post is now: %(state)s.") % {"state": post.get_state_display()})
    return redirect("partners:post_detail", pk=post.pk)


@partner_view
@require_http_methods(["GET", "HEAD", "POST"])
def post_outcome(request, member, pk):
    post = get_object_or_404(own_posts(member), pk=pk)
    if post.state != PostState.MET:
        return _refused(request, member, post, _("Only a post marked as met has an outcome to tell."))
    form = OutcomeForm(request.POST if request.method == "POST" else None, initial={"outcome": post.outcome})
    if request.method == "POST":
        if form.is_valid():
            services.record_outcome(post, form.cleaned_data["outcome"])
            messages.success(request, _("Thank you: the secretariat has your answer."))
            return redirect("partners:post_detail", pk=post.pk)
        return render(request, "partners/outcome.html", {"member": member, "post": post, "form": form}, status=400)
    return render(request, "partners/outcome.html", {"member": member, "post": post, "form": form})


@partner_view
def interest_detail(request, member, pk):
    """An expression of interest received on one of the member's posts or sent by the member.

    Never the sender's name or address: those reach the other side by email once the secretariat
    forwards it. A received one shows its answers only once forwarded."""
    interest = get_object_or_404(
        Interest.objects.select_related("post__member", "from_member").filter(
            Q(post__member=member) | Q(from_member=member)
        ),
        pk=pk,
    )
    if refused := _only(request, SAFE):
        return refused
    received = interest.post.member_id == member.pk
    context = {
        "member": member,
        "interest": interest,
        "received": received,
        "show_answers": not received or interest.status == "forwarded",
    }
    return render(request, "partners/interest_detail.html", context)
