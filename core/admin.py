"""Admin building blocks shared by every public model."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .publishing import Status


class PublishableAdmin(admin.ModelAdmin):
    """Status filters, publish/unpublish actions and a thumbnail column."""

    actions = ["make_published", "make_draft"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True

    publication_fieldset = (_("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]})

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def make_published(self, request, queryset):
        count = queryset.update(status=Status.PUBLISHED)
        self.message_user(
            request, ngettext("%d item published.", "%d items published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish the selected items (back to draft)"), permissions=["change"])
    def make_draft(self, request, queryset):
        count = queryset.update(status=Status.DRAFT)
        self.message_user(
            request, ngettext("%d item unpublished.", "%d items unpublished.", count) % count, messages.SUCCESS
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        if obj.is_public:
            return format_html('<span style="color:#0a6b2d">●</span> {}', _("Public"))
        if obj.status == Status.PUBLISHED:
            return format_html('<span style="color:#8a5a00">◐</span> {}', _("Scheduled"))
        return format_html('<span style="color:#666">○</span> {}', _("Draft"))


def thumbnail_html(spec):
    """An <img> for an imagekit variant, or a dash when there is no image."""
    try:
        if not spec or not spec.source:
            return "—"
        return format_html('<img src="{}" width="48" height="48" alt="" style="object-fit:cover">', spec.url)
    except (OSError, ValueError):
        return "—"
