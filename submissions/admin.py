from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect
from django_countries.fields import Country

from clusters.models import Cluster
from members.models import Membership

from . import services
from .forms import DecisionForm
from .models import ProfileSubmission, SubmissionStatus, SubmissionType
from .review import comparison, post_comparison, solution_comparison

MODERATE = "submissions.moderate_profilesubmission"


class StatusFilter(admin.SimpleListFilter):
    """The queue opens on what waits for a decision; every status, and all of them, one click away,
    each with its count."""

    title = gettext_lazy("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        counts = dict(model_admin.get_queryset(request).order_by().values_list("status").annotate(count=Count("pk")))
        rows = [(value, f"{label} ({counts.get(value, 0)})") for value, label in SubmissionStatus.choices]
        return [*rows, (self.ALL, f"{_('All')} ({sum(counts.values())})")]

    def value(self):
        return super().value() or SubmissionStatus.PENDING

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        # No "All" link without a value: without one the queue shows the pending submissions.
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class CountryFilter(admin.SimpleListFilter):
    """Only the countries submissions came from, by name (not all 250 of them)."""

    title = gettext_lazy("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("country", flat=True).distinct()
        return sorted(((code, Country(code).name) for code in codes), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value().upper())
        return queryset


@admin.register(ProfileSubmission)
class ProfileSubmissionAdmin(admin.ModelAdmin):
    """The moderation queue. Editors may read it; deciding needs the moderate permission.

    The change page is a review page: the submission beside the current profile, differences
    marked, and a decision form for those who may decide. Partner data is never edited here:
    a moderator who wants something changed asks the partner for it.
    """

    list_display = ["name", "request", "country", "status", "submitted", "reviewed_by"]
    list_filter = [StatusFilter, "type", "kind", CountryFilter]
    show_facets = admin.ShowFacets.NEVER  # the status filter gives its counts; the others would repeat them
    ordering = ["submitted_at", "pk"]  # oldest first: the longest wait is decided first
    list_select_related = ["reviewed_by"]
    search_fields = ["name", "locality", "contact_name", "contact_email"]
    date_hierarchy = "submitted_at"
    review_template = "admin/submissions/profilesubmission/review.html"

    def has_add_permission(self, request):
        # Submissions come from partners through /submit/, never typed in by staff.
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(MODERATE) and super().has_change_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "reviewed_by", "revises")

    @admin.display(description=gettext_lazy("request"), ordering="type")
    def request(self, obj):
        return f"{obj.get_type_display()} · {obj.get_kind_display()}"

    @admin.display(description=gettext_lazy("submitted"), ordering="submitted_at")
    def submitted(self, obj):
        return date_format(timezone.localtime(obj.submitted_at), "DATE_FORMAT")

    def needs_attention(self, request):
        """The admin index's "Needs attention" line: how many submissions wait for a decision."""
        if not self.has_view_permission(request):
            return []
        pending = ProfileSubmission.objects.filter(status=SubmissionStatus.PENDING).count()
        return [
            (
                _("Partner submissions awaiting review"),
                pending,
                reverse("admin:submissions_profilesubmission_changelist"),
            )
        ]

    def changelist_view(self, request, extra_context=None):
        waiting = request.GET.get(StatusFilter.parameter_name, SubmissionStatus.PENDING) == SubmissionStatus.PENDING
        title = _("Partner submissions awaiting review") if waiting else _("Partner submissions")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    @method_decorator(csrf_protect)
    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, unquote(object_id))
        if submission is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, submission):
            raise PermissionDenied
        names = Cluster.objects.only("pk", "name", "order")
        prefetch_related_objects(
            [submission], Prefetch("clusters", queryset=names), Prefetch("revises__clusters", queryset=names)
        )
        can_decide = self.has_change_permission(request, submission) and submission.is_pending

        form = DecisionForm()
        if request.method == "POST":
            if not self.has_change_permission(request, submission):
                raise PermissionDenied
            form = DecisionForm(request.POST)
            if form.is_valid():
                response = self._decide(request, submission, form.cleaned_data)
                if response is not None:
                    return response

        baseline, baseline_clusters = self._baseline(submission)
        if submission.type == SubmissionType.SOLUTION:
            rows = solution_comparison(submission, baseline)
        elif submission.type == SubmissionType.POST:
            rows = post_comparison(submission, baseline)
        else:
            rows = comparison(submission, baseline, baseline_clusters)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": submission,
            "title": _("Review: %(name)s") % {"name": submission.name},
            "subtitle": None,
            "baseline": baseline,
            "rows": rows,
            "form": form if can_decide else None,
            "can_moderate": self.has_change_permission(request, submission),
            "has_view_permission": True,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        status = 400 if form.is_bound and form.errors else 200
        return TemplateResponse(request, self.review_template, context, status=status)

    def _baseline(self, submission):
        if submission.type == SubmissionType.POST and submission.post_fields.get("edits") is not None:
            # An edit is compared with the post as it is now (or with nothing, if it was deleted since).
            return submission.post, []
        if submission.type == "update" and submission.member is not None:
            memberships = Membership.objects.filter(member=submission.member, cluster__in=Cluster.objects.published())
            names = list(memberships.order_by("cluster__order").values_list("cluster__name", flat=True))
            return submission.member, names
        if submission.revises is not None:
            return submission.revises, [cluster.name for cluster in submission.revises.clusters.all()]
        return None, []

    def _decide(self, request, submission, data):
        decision, note = data["decision"], data["note"]
        try:
            if decision == DecisionForm.APPROVE:
                published = services.approve(
                    submission=submission, reviewer=request.user, feature=data["feature"], note=note
                )
                self.message_user(
                    request,
                    _("Approved. %(name)s is published; the contact has been emailed.") % {"name": published},
                    messages.SUCCESS,
                )
            elif decision == DecisionForm.REJECT:
                services.reject(submission=submission, reviewer=request.user, reason=note)
                self.message_user(request, _("Rejected; the contact has been emailed the reason."), messages.SUCCESS)
            else:
                services.request_changes(submission=submission, reviewer=request.user, message=note)
                self.message_user(
                    request,
                    _("Changes requested; the contact has been emailed your message and a link to revise."),
                    messages.SUCCESS,
                )
        except services.AlreadyDecided as error:
            self.message_user(
                request,
                _("This submission was already decided (%(status)s); nothing was changed.")
                % {"status": error.submission.get_status_display()},
                messages.ERROR,
            )
            return redirect(request.path)
        except services.PostGone:
            self.message_user(
                request,
                _("The exchange post this edit was for has been deleted; reject the edit instead."),
                messages.ERROR,
            )
            return None
        except services.MemberGone:
            self.message_user(
                request,
                _("The member this good practice names has been deleted; reject it instead.")
                if submission.type == SubmissionType.SOLUTION
                else _("The member this exchange post is for has been deleted; reject it instead.")
                if submission.type == SubmissionType.POST
                else _("The profile this update was for has been deleted; reject the update instead."),
                messages.ERROR,
            )
            return None
        # The admin's history of the submission records the decision too (who and when are also on the row).
        self.log_change(request, submission, [{"changed": {"fields": ["status"]}}])
        return redirect(reverse("admin:submissions_profilesubmission_changelist"))
