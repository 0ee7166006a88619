"""Admin building blocks shared by every public model."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from security.audit import log_bulk_action

from .content_language import SOURCE_LANGUAGE, column, translated_fields
from .publishing import Status
from .templatetags.portal import OWN_NAMES


class TranslatedFieldsetsMixin:
    """Translated fields (django-modeltranslation) in the admin, one language at a time.

    The declared fieldsets show the English text where the field was declared, required where the
    field is required; each other language gets a fieldset of its own, folded (a <details>, no
    script), holding that language's version of every translated field. An empty translation
    falls back to English on the public site.
    """

    def get_fieldsets(self, request, obj=None):
        translated = translated_fields(self.model)
        if not translated or not self.fieldsets:
            return super().get_fieldsets(request, obj)
        english = []
        for name, options in self.fieldsets:
            fields = [column(field, SOURCE_LANGUAGE) if field in translated else field for field in options["fields"]]
            english.append((name, {**options, "fields": fields}))
        others = [
            (
                f"{OWN_NAMES.get(code, code)} ({code})",
                {"fields": [column(field, code) for field in translated], "classes": ["collapse"]},
            )
            for code, _name in settings.LANGUAGES
            if code != SOURCE_LANGUAGE
        ]
        # Translations after the main fieldset, before images, tags and publication.
        return [english[0], *others, *english[1:]]


class TranslatedInline(TranslationTabularInline):
    """An inline whose translated fields show one column per language."""


class PublishableAdmin(TranslatedFieldsetsMixin, TranslationAdmin, SimpleHistoryAdmin):
    """Status filters, publish/unpublish actions, a thumbnail column, translations of the text
    (one folded fieldset per language), and each object's history (who changed what, when; view
    and restore an earlier version, every language included)."""

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


def thumbnail_html(image, variant):
    """An <img> of `variant` (an imagekit variant of the image field `image`), or a dash when there is no
    image or its file cannot be read."""
    if not image:
        return "—"
    try:
        return format_html('<img src="{}" width="48" height="48" alt="" class="ssc-thumb">', variant.url)
    except (OSError, ValueError):
        return "—"
