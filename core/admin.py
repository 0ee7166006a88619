"""Admin building blocks shared by every public model."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from security.audit import log_bulk_action

from .publishing import Status


class PublishableAdmin(SimpleHistoryAdmin):
    """Status filters, publish/unpublish actions, a thumbnail column, and each object's history
    (who changed what, when; view and restore an earlier version)."""

    actions = ["make_published", "make_draft"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True

    publication_fieldset = (_("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a POSTed version for anyone who may *view* history; restoring
        # is a change, so it needs the change permissions on both the history and the object.
        if request.method == "POST" and not (
            self.has_change_history_permission(request) and self.has_change_permission(request)
        ):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_status(self, request, queryset, status, action):
        """Change the status of many rows at once, recording history and an admin log entry for each."""
        objects = list(queryset.exclude(status=status))
        for obj in objects:
            obj.status = status
        with transaction.atomic():
            if hasattr(self.model, "history"):
                bulk_update_with_history(
                    objects, self.model, ["status"], default_user=request.user, default_change_reason=action
                )
            else:
                self.model.objects.bulk_update(objects, ["status"])
            log_bulk_action(request, action, objects, f"Status set to {status} ({action}).")
        return queryset.count()

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def make_published(self, request, queryset):
        count = self.set_status(request, queryset, Status.PUBLISHED, "publish")
        self.message_user(
            request, ngettext("%d item published.", "%d items published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish the selected items (back to draft)"), permissions=["change"])
    def make_draft(self, request, queryset):
        count = self.set_status(request, queryset, Status.DRAFT, "unpublish")
        self.message_user(
            request, ngettext("%d item unpublished.", "%d items unpublished.", count) % count, messages.SUCCESS
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        if obj.is_public:
            return format_html('<span class="ssc-status ssc-status--public">●</span> {}', _("Public"))
        if obj.status == Status.PUBLISHED:
            return format_html('<span class="ssc-status ssc-status--scheduled">◐</span> {}', _("Scheduled"))
        return format_html('<span class="ssc-status ssc-status--draft">○</span> {}', _("Draft"))


def thumbnail_html(spec):
    """An <img> for an imagekit variant, or a dash when there is no image."""
    try:
        if not spec or not spec.source:
            return "—"
        return format_html('<img src="{}" width="48" height="48" alt="" class="ssc-thumb">', spec.url)
    except (OSError, ValueError):
        return "—"
