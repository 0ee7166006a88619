from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin import PublishableAdmin, TranslatedInline

from .models import Event, Person, Recording, RecordingLink, Session, Speaker
from .views import event_context


class SessionInline(TranslatedInline):
    model = Session
    extra = 0
    fields = ["order", "title", "details"]
    show_change_link = True  # speakers are edited on the session's own page


class RecordingInline(admin.TabularInline):
    model = Recording
    extra = 0
    fields = ["order", "title", "duration"]
    show_change_link = True  # platform links are edited on the recording's own page


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    preview_template = "events/event_detail.html"
    list_display = ["title", "kind", "starts_at", "timezone", "attendance", "status_badge", "cluster_list"]
    list_filter = ["status", "kind", "attendance", "clusters", ("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "summary", "description", "organisers"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["hosts", "clusters"]
    date_hierarchy = "starts_at"
    inlines = [SessionInline, RecordingInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary"]}),
        (_("When"), {"fields": ["starts_at", "ends_at", "timezone"]}),
        (_("Where"), {"fields": ["attendance", "online_url", "venue", "locality", "country"]}),
        (_("Who"), {"fields": ["organisers", "hosts", "clusters"]}),
        (_("Content"), {"fields": ["description", "objectives", "report"]}),
        PublishableAdmin.publication_fieldset,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("clusters")

    @admin.display(description=_("clusters"))
    def cluster_list(self, obj):
        return ", ".join(cluster.short_name for cluster in obj.clusters.all())

    def preview_context(self, obj):
        return event_context(obj)


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["order", "person", "part"]


@admin.register(Session)
class SessionAdmin(TranslationAdmin):
    list_display = ["title", "event", "order"]
    list_select_related = ["event"]
    list_filter = ["event__kind"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [SpeakerInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "honorific", "role", "organisation"]
    search_fields = ["name", "role", "organisation"]


class RecordingLinkInline(admin.TabularInline):
    model = RecordingLink
    extra = 1
    fields = ["platform", "url"]


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "duration", "platforms"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    inlines = [RecordingLinkInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("links")

    @admin.display(description=_("platforms"))
    def platforms(self, obj):
        return ", ".join(link.get_platform_display() for link in obj.links.all())
