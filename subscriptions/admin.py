"""Subscriptions in the back office.

Addresses are personal data nobody on the staff needs for their work: the Subscriber, Digest and
Reminder admins answer superusers only (whatever permissions a group is given). Editors get
`SubscriberCount`, a page of numbers: confirmed subscribers per cluster, language and frequency,
and how many sign-ups wait for confirmation — never an address.
"""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster

from .models import Digest, Frequency, Reminder, Subscriber, SubscriberCount


class SuperuserOnly:
    """Every permission for superusers and nobody else. Nobody adds rows here: an address typed in by
    hand would skip double opt-in, and digests and reminders are written by their commands."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return False


class ReminderInline(SuperuserOnly, admin.TabularInline):
    model = Reminder
    extra = 0
    fields = readonly_fields = ["event", "created_at", "reminded_at", "recordings_sent_at"]


@admin.register(Subscriber)
class SubscriberAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["email", "language", "frequency", "all_clusters", "created_at", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), "frequency", "language", "all_clusters"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = ["email", "created_at", "confirmed_at", "digest_since", "pending"]
    fields = ["email", "language", "all_clusters", "clusters", "topics", "frequency", *readonly_fields[1:]]
    filter_horizontal = ["clusters"]
    inlines = [ReminderInline]


@admin.register(Digest)
class DigestAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["period", "subscriber", "status", "queued_at", "sent_at"]
    list_filter = ["status", "period"]
    list_select_related = ["subscriber"]
    search_fields = ["subscriber__email", "period"]
    readonly_fields = ["subscriber", "period", "starts_at", "ends_at", "status", "queued_at", "sent_at"]


@admin.register(Reminder)
class ReminderAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ["event", "subscriber", "created_at", "reminded_at", "recordings_sent_at"]
    list_select_related = ["event", "subscriber"]
    search_fields = ["subscriber__email", "event__title"]
    readonly_fields = ["subscriber", "event", "created_at", "reminded_at", "recordings_sent_at"]


def audience_counts():
    """The numbers on the Editors' page, from a handful of aggregate queries whatever the audience size."""
    confirmed = Subscriber.objects.filter(confirmed_at__isnull=False)
    totals = confirmed.aggregate(
        total=Count("pk"),
        all_clusters=Count("pk", filter=Q(all_clusters=True)),
        digests=Count("pk", filter=~Q(topics=[])),
    )
    by_cluster = Cluster.objects.annotate(
        chosen=Count("subscribers", filter=Q(subscribers__confirmed_at__isnull=False), distinct=True)
    ).order_by("order", "name")
    clusters = [
        {"name": cluster.name, "chosen": cluster.chosen, "reached": cluster.chosen + totals["all_clusters"]}
        for cluster in by_cluster
    ]
    languages = dict(confirmed.values_list("language").annotate(n=Count("pk")).order_by())
    frequencies = dict(confirmed.values_list("frequency").annotate(n=Count("pk")).order_by())
    return {
        "total": totals["total"],
        "digests": totals["digests"],
        "reminders_only": totals["total"] - totals["digests"],
        "all_clusters": totals["all_clusters"],
        "unconfirmed": Subscriber.objects.filter(confirmed_at__isnull=True).count(),
        "clusters": clusters,
        "languages": [(name, languages.get(code, 0)) for code, name in settings.LANGUAGES],
        "frequencies": [(label, frequencies.get(value, 0)) for value, label in Frequency.choices],
    }


@admin.register(SubscriberCount)
class SubscriberCountAdmin(admin.ModelAdmin):
    """One page of numbers for whoever holds `view_subscribercount` (Editors, superusers): the
    changelist address answers with counts; there are no rows to list and no object pages (403)."""

    def has_view_permission(self, request, obj=None):
        return obj is None and request.user.has_perm("subscriptions.view_subscribercount")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Subscribers in numbers"),
            "subtitle": None,
            "has_view_permission": True,
            "counts": audience_counts(),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/subscriptions/subscribercount/counts.html", context)
