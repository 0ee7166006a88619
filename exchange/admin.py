"""The exchange in the back office: posts (Editors write one on a member's behalf), the queue of
expressions of interest (forward or decline) and the queue of suggested matches (introduce or
dismiss). Deciding needs the change permission on interests or suggestions (Moderators, core/roles.py);
each decision is taken once, whoever clicks second is told and nothing is sent twice."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html, linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from core.admin import AttentionFilter, PublishableAdmin
from core.content_language import SOURCE_LANGUAGE
from core.publishing import Status
from solutions.models import Solution

from . import interest as interests
from . import matching
from .forms import DecisionNoteForm
from .models import Interest, InterestStatus, MissingContact, Post, PostState, Suggestion, SuggestionStatus
from .tasks import suggest_after_commit

CHECKBOXES = {"clusters", "formats", "languages"}


def _unique_slug(model, text):
    length = model._meta.get_field("slug").max_length
    base = slugify(text)[: length - 8].strip("-") or model._meta.model_name
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def draft_solution_from(post):
    """A draft good practice led by the post's member, from the post and what came of it."""
    with translation.override(SOURCE_LANGUAGE):
        solution = Solution.objects.create(
            title=post.title,
            slug=_unique_slug(Solution, post.title),
            summary=post.description[:600],
            challenge=linebreaks(post.description, autoescape=True),
            approach=linebreaks(post.details, autoescape=True),
            results_text=linebreaks(post.outcome, autoescape=True),
            first_year=(post.published_at or timezone.now()).year,
            lead_member=post.member,
            status=Status.DRAFT,
        )
        solution.clusters.set(post.clusters.all())
        solution.targets.set(post.targets.all())
    return solution


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    """Posts come from partners through the moderation queue; Editors may also write one here on a
    member's behalf. Publishing one queues its suggested matches (computed in a task)."""

    list_display = ["title", "member", "type", "state", "status_badge", "expires_on", "matched_at"]
    list_filter = ["status", "type", "state", "clusters", AttentionFilter]
    list_select_related = ["member"]
    search_fields = ["title", "member__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["member", "targets"]
    readonly_fields = ["created_at", "updated_at", "matched_at", "follow_up_sent_at"]
    date_hierarchy = "published_at"
    save_on_top = True
    actions = ["make_published", "make_draft", "make_draft_solution"]
    fieldsets = [
        (None, {"fields": ["member", "type", "title", "slug", "language", "description", "details"]}),
        (gettext_lazy("What it is about"), {"fields": ["clusters", "targets", "formats", "languages"]}),
        (gettext_lazy("State"), {"fields": ["state", "expires_on", "outcome", "follow_up_sent_at", "matched_at"]}),
        (gettext_lazy("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    status_badge = PublishableAdmin.status_badge
    set_status = PublishableAdmin.set_status
    view_on_site = PublishableAdmin.view_on_site

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in CHECKBOXES:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.is_listed:  # clusters and targets are saved by now: what matching reads
            suggest_after_commit(form.instance)

    @admin.action(description=gettext_lazy("Publish the selected posts"), permissions=["change"])
    def make_published(self, request, queryset):
        count = self.set_status(request, queryset, Status.PUBLISHED, "publish")
        for post in queryset.model.objects.filter(pk__in=queryset.values("pk")).active():
            suggest_after_commit(post)
        self.message_user(request, ngettext("%d post published.", "%d posts published.", count) % count)

    @admin.action(description=gettext_lazy("Unpublish the selected posts (back to draft)"), permissions=["change"])
    def make_draft(self, request, queryset):
        count = self.set_status(request, queryset, Status.DRAFT, "unpublish")
        self.message_user(request, ngettext("%d post unpublished.", "%d posts unpublished.", count) % count)

    def has_draft_solution_permission(self, request):
        """Offered to those who may write good practices (Editors), not to those who only read posts."""
        return request.user.has_perm("solutions.add_solution")

    @admin.action(description=gettext_lazy("Make a draft solution from the outcome"), permissions=["draft_solution"])
    def make_draft_solution(self, request, queryset):
        for post in queryset.select_related("member"):
            if post.state != PostState.MET or not post.outcome.strip():
                self.message_user(
                    request,
                    _("“%(title)s” is not met with an outcome; no solution was made from it.") % {"title": post},
                    messages.WARNING,
                )
                continue
            with transaction.atomic():
                solution = draft_solution_from(post)
                self.log_addition(request, solution, [{"added": {}}])
            url = reverse("admin:solutions_solution_change", args=[solution.pk])
            self.message_user(
                request,
                format_html(_('Draft solution made from “{}”: <a href="{}">{}</a>'), post.title, url, solution.title),
                messages.SUCCESS,
            )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/draft-solution/",
                self.admin_site.admin_view(self.draft_solution_view),
                name="exchange_post_draft_solution",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def draft_solution_view(self, request, object_id):
        """The change page's "Make a draft solution from the outcome" button."""
        post = self.get_object(request, unquote(object_id))
        if post is None or not self.has_view_or_change_permission(request, post):
            raise PermissionDenied
        if not self.has_draft_solution_permission(request):
            raise PermissionDenied
        self.make_draft_solution(request, Post.objects.filter(pk=post.pk))
        return redirect(reverse("admin:exchange_post_change", args=[post.pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_make_solution"] = bool(
            obj is not None
            and obj.state == PostState.MET
            and obj.outcome.strip()
            and request.user.has_perm("solutions.add_solution")
        )
        return super().render_change_form(request, context, add, change, form_url, obj)


class DecisionQueueAdmin(admin.ModelAdmin):
    """A queue whose change page is a review page: the row, read-only, and a decision form for those
    who may decide. Subclasses say which decisions exist and how each is taken."""

    review_template = None
    pending = None
    decisions = {}  # value -> (label, function(obj, user, note), success message)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        """Staff decide; only a superuser erases one (on request, or with the post or member it names)."""
        return request.user.is_active and request.user.is_superuser

    actions = None  # decisions are taken one at a time, on the review page, with a note

    @method_decorator(csrf_protect)
    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        may_decide = self.has_change_permission(request, obj)
        form = DecisionNoteForm()
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            form = DecisionNoteForm(request.POST)
            decision = self.decisions.get(request.POST.get("decision"))
            if decision is None:
                form.add_error(None, _("Choose one of the decisions."))
            elif form.is_valid():
                _label, decide, done = decision
                try:
                    decide(obj, request.user, form.cleaned_data["note"])
                except MissingContact as error:
                    form.add_error(
                        None,
                        _(
                            "%(member)s has no contact email on file, so only one side would be written to. "
                            "Add one to the member first; nothing was decided."
                        )
                        % {"member": error.member.name},
                    )
                except (interests.AlreadyDecided, matching.AlreadyDecided):
                    obj.refresh_from_db()
                    self.message_user(
                        request,
                        _("This was already decided (%(status)s); nothing was changed or sent.")
                        % {"status": obj.get_status_display()},
                        messages.ERROR,
                    )
                    return redirect(request.path)
                else:
                    self.log_change(request, obj, [{"changed": {"fields": ["status"]}}])
                    self.message_user(request, done, messages.SUCCESS)
                    return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": str(obj),
            "subtitle": None,
            "form": form if may_decide and obj.status == self.pending else None,
            "decisions": [(value, label) for value, (label, _f, _m) in self.decisions.items()],
            "has_view_permission": True,
            **self.review_context(obj),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        status = 400 if form.is_bound and form.errors else 200
        return TemplateResponse(request, self.review_template, context, status=status)

    def review_context(self, obj):
        return {}


class PendingFirstFilter(admin.SimpleListFilter):
    """The queue opens on what waits for a decision; the other statuses are one click away."""

    parameter_name = "status"
    title = gettext_lazy("status")
    ALL = "all"
    pending = None
    choices_enum = None

    def lookups(self, request, model_admin):
        return [*self.choices_enum.choices, (self.ALL, _("All"))]

    def value(self):
        return super().value() or self.pending

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class InterestStatusFilter(PendingFirstFilter):
    pending = InterestStatus.RECEIVED
    choices_enum = InterestStatus


class SuggestionStatusFilter(PendingFirstFilter):
    pending = SuggestionStatus.SUGGESTED
    choices_enum = SuggestionStatus


def _forward(obj, user, note):
    interests.forward_interest(obj, user=user, note=note)


def _decline(obj, user, note):
    interests.decline_interest(obj, user=user, note=note)


@admin.register(Interest)
class InterestAdmin(DecisionQueueAdmin):
    """Expressions of interest, oldest first. Forward sends each side the other's contact details;
    decline sends the sender a polite message."""

    list_display = ["organisation", "post", "status", "received", "reviewed_by"]
    list_filter = [InterestStatusFilter]
    list_select_related = ["post", "reviewed_by"]
    search_fields = ["organisation", "name", "email", "post__title"]
    ordering = ["created_at", "pk"]
    review_template = "admin/exchange/interest/review.html"
    pending = InterestStatus.RECEIVED
    decisions = {
        "forward": (
            gettext_lazy("Forward: both sides receive each other's contact details"),
            _forward,
            gettext_lazy("Forwarded; both sides have been emailed each other's contact details."),
        ),
        "decline": (
            gettext_lazy("Decline: the sender receives a polite message"),
            _decline,
            gettext_lazy("Declined; the sender has been emailed."),
        ),
    }

    @admin.display(description=gettext_lazy("received"), ordering="created_at")
    def received(self, obj):
        return date_format(timezone.localtime(obj.created_at), "DATE_FORMAT")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("post__member", "from_member", "reviewed_by")

    def needs_attention(self, request):
        if not self.has_view_permission(request):
            return []
        count = Interest.objects.filter(status=InterestStatus.RECEIVED).count()
        return [(_("Expressions of interest awaiting review"), count, reverse("admin:exchange_interest_changelist"))]


def _introduce(obj, user, note):
    matching.introduce(obj, user=user, note=note)


def _dismiss(obj, user, note):
    matching.dismiss(obj, user=user)


@admin.register(Suggestion)
class SuggestionAdmin(DecisionQueueAdmin):
    """Suggested matches, the best first, with their reasons."""

    list_display = ["post", "candidate_link", "kind", "score", "why", "status"]
    list_filter = [SuggestionStatusFilter]
    list_select_related = ["post__member", "other_post__member", "solution__lead_member", "member"]
    search_fields = ["post__title", "other_post__title", "solution__title", "member__name"]
    ordering = ["-score", "pk"]
    review_template = "admin/exchange/suggestion/review.html"
    pending = SuggestionStatus.SUGGESTED
    decisions = {
        "introduce": (
            gettext_lazy("Introduce: both parties receive each other's contact details"),
            _introduce,
            gettext_lazy("Introduced; both parties have been emailed."),
        ),
        "dismiss": (gettext_lazy("Dismiss"), _dismiss, gettext_lazy("Dismissed.")),
    }

    def get_queryset(self, request):
        return super().get_queryset(request).without_mirrors()

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        clusters = matching.cluster_names(changelist.result_list)
        for suggestion in changelist.result_list:
            suggestion.phrases = matching.describe(suggestion, clusters)
        return changelist

    @admin.display(description=gettext_lazy("why"))
    def why(self, obj):
        phrases = getattr(obj, "phrases", None)
        return "; ".join(matching.describe(obj) if phrases is None else phrases)

    @admin.display(description=gettext_lazy("suggested"))
    def candidate_link(self, obj):
        candidate = obj.candidate
        return format_html('<a href="{}">{}</a>', candidate.get_absolute_url(), candidate)

    @admin.display(description=gettext_lazy("kind"))
    def kind(self, obj):
        if obj.other_post_id:
            return obj.other_post.get_type_display()
        return _("Good practice") if obj.solution_id else _("Member")

    def review_context(self, obj):
        from .emails import suggestion_member

        return {"phrases": matching.describe(obj), "candidate_member": suggestion_member(obj)}

    def needs_attention(self, request):
        if not self.has_view_permission(request):
            return []
        count = Suggestion.objects.filter(status=SuggestionStatus.SUGGESTED).without_mirrors().count()
        return [
            (_("Suggested matches to introduce or dismiss"), count, reverse("admin:exchange_suggestion_changelist"))
        ]
