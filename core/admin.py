"""Admin building blocks shared by every public model."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from .aggregates import afresh
from .content_language import SOURCE_LANGUAGE, column, translated_fields
from .publishing import Status, scheduled
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


class LabelledFileWidget(AdminFileWidget):
    """Django's file widget under a <label> rather than a <fieldset> legend, which does not name the
    file input for screen readers (axe: "Form elements must have labels"). The "Clear" box keeps its own label."""

    use_fieldset = False


class TranslatedInline(TranslationTabularInline):
    """An inline whose translated fields show one column per language."""


audit = logging.getLogger("cities_portal.audit")


def log_bulk_action(request, action, objects, description):
    """For admin actions that change many rows at once: one LogEntry per object, one audit line."""
    objects = list(objects)
    if not objects:
        return
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=objects,
        action_flag=CHANGE,
        change_message=description,
    )
    model = objects[0]._meta
    audit.info(
        "admin %s: user=%s object=%s:%s %s",
        action,
        request.user.get_username(),
        model.label_lower,
        ",".join(str(obj.pk) for obj in objects),
        description,
    )


RECENT_DAYS = 30


class AttentionFilter(admin.SimpleListFilter):
    """What an editor has in hand: drafts changed lately, and what is set to go public later."""

    title = _("needs attention")
    parameter_name = "attention"
    RECENT_DRAFTS, SCHEDULED = "recent-drafts", "scheduled"

    def lookups(self, request, model_admin):
        return [
            (self.RECENT_DRAFTS, _("Drafts changed in the last %(days)d days") % {"days": RECENT_DAYS}),
            (self.SCHEDULED, _("Scheduled to publish")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.RECENT_DRAFTS:
            return queryset.filter(self.recent_drafts())
        if self.value() == self.SCHEDULED:
            return queryset.filter(scheduled())
        return queryset

    @staticmethod
    def recent_drafts():
        return Q(status=Status.DRAFT, updated_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))


class PublishableAdmin(TranslatedFieldsetsMixin, TranslationAdmin, SimpleHistoryAdmin):
    """Status filters, publish/unpublish actions, a thumbnail column, translations of the text
    (one folded fieldset per language), each object's history (who changed what, when; view and
    restore an earlier version, every language included), a preview through the public template,
    and "View on site" once the object is public.

    A subclass names its public template (`preview_template`) and builds that template's context
    from an object in `preview_context` (with the public view's own function)."""

    actions = ["make_published", "make_draft"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    preview_template = None
    formfield_overrides = {models.ImageField: {"widget": LabelledFileWidget}}

    publication_fieldset = (_("Publication"), {"fields": ["status", "published_at", "created_at", "updated_at"]})

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), AttentionFilter]

    def needs_attention(self, request):
        """[(what, how many, link)] for the admin index's "Needs attention" panel: this model's drafts
        changed lately and its scheduled items, for those who may change them."""
        if not self.has_change_permission(request):
            return []
        counts = self.get_queryset(request).aggregate(
            drafts=Count("pk", filter=AttentionFilter.recent_drafts()),
            scheduled=Count("pk", filter=scheduled()),
        )
        changelist = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        name = capfirst(self.opts.verbose_name_plural)
        return [
            (
                _("%(things)s: drafts changed in the last %(days)d days") % {"things": name, "days": RECENT_DAYS},
                counts["drafts"],
                f"{changelist}?{AttentionFilter.parameter_name}={AttentionFilter.RECENT_DRAFTS}",
            ),
            (
                _("%(things)s: scheduled to publish") % {"things": name},
                counts["scheduled"],
                f"{changelist}?{AttentionFilter.parameter_name}={AttentionFilter.SCHEDULED}",
            ),
        ]

    def view_on_site(self, obj):
        # A draft or scheduled object has no public page yet; its change page offers the preview instead.
        return obj.get_absolute_url() if obj.is_public else None

    # Preview ------------------------------------------------------------------------------------

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview"
        return [
            path("add/preview/", self.preview_view, name=f"{name}_add"),
            path("<path:object_id>/preview/", self.preview_view, name=name),
            *super().get_urls(),
        ]

    def preview_context(self, obj):
        raise NotImplementedError

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_edit = self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        if may_edit:
            name = f"admin:{self.opts.app_label}_{self.opts.model_name}_preview"
            context["preview_url"] = reverse(name, args=[quote(obj.pk)]) if obj else reverse(f"{name}_add")
            context["preview_languages"] = settings.LANGUAGES
            context["preview_language"] = translation.get_language()
        return super().render_change_form(request, context, add, change, form_url, obj)

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    def preview_view(self, request, object_id=None):
        """The object as visitors will see it, through its public template, under a "Preview — not
        public" banner; never cached, never indexed, a 404 for anyone but signed-in staff.

        GET shows the saved object. POST (the change form's "Preview" button) shows the form's
        content, saved or not: it is saved, its page drawn, and the transaction rolled back, so the
        page shows exactly what saving would give and nothing is kept. Everything on the page is
        computed afresh, so nothing drawn from unsaved content is remembered for visitors."""
        if not self.admin_site.has_permission(request):
            raise Http404
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404
        language = request.POST.get("_preview_language") or request.GET.get("language") or translation.get_language()
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        if request.method == "GET":
            if obj is None or not self.has_view_or_change_permission(request, obj):
                raise PermissionDenied
            with translation.override(language), afresh():
                return self._preview_response(request, obj, language)
        if request.method != "POST":
            raise PermissionDenied
        if not (self.has_change_permission(request, obj) if obj else self.has_add_permission(request)):
            raise PermissionDenied
        change = obj is not None
        form = self.get_form(request, obj, change=change)(request.POST, request.FILES, instance=obj)
        valid = form.is_valid()
        new_object = self.save_form(request, form, change=change) if valid else form.instance
        formsets = self._preview_formsets(request, new_object, obj)
        if not all([valid, *(formset.is_valid() for formset in formsets)]):
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("The preview cannot be shown yet"),
                "form": form,
                "inline_errors": [
                    error
                    for formset in formsets
                    for errors in [formset.non_form_errors(), *(e for row in formset.errors for e in row.values())]
                    for error in errors
                ],
            }
            return TemplateResponse(request, "admin/preview_errors.html", context, status=400)
        with transaction.atomic():
            self.save_model(request, new_object, form, change=change)
            self.save_related(request, form, formsets, change=change)
            with translation.override(language), afresh():
                response = self._preview_response(request, new_object, language)
            transaction.set_rollback(True)
        return response

    def _preview_formsets(self, request, new_object, obj):
        """The inlines' formsets bound to the POSTed data, prefixed as the change form prefixes them."""
        formsets, prefixes = [], {}
        args = [request, obj] if obj is not None else [request]
        for FormSet, inline in self.get_formsets_with_inlines(*args):
            prefix = FormSet.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            formsets.append(
                FormSet(
                    data=request.POST,
                    files=request.FILES,
                    instance=new_object,
                    prefix=prefix,
                    queryset=inline.get_queryset(request),
                    save_as_new="_saveasnew" in request.POST,
                )
            )
        return formsets

    def _preview_response(self, request, obj, language):
        """The public page of `obj`, drawn now (inside the preview's transaction)."""
        context = {
            **self.preview_context(obj),
            "preview": True,
            "preview_languages": settings.LANGUAGES if obj.pk and request.method == "GET" else (),
            "preview_language": language,
        }
        response = render(request, self.preview_template, context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

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
