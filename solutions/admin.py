from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin import PublishableAdmin, TranslatedInline, thumbnail_html

from .models import Goal, Solution, SolutionLink, SolutionResult, Target
from .views import solution_context


@admin.register(Goal)
class GoalAdmin(TranslationAdmin):
    """Reference data from the United Nations' official lists: read here, not edited."""

    list_display = ["number", "short", "colour"]
    search_fields = ["short", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(TranslationAdmin):
    """The 169 targets, searched by code or words when an editor tags a solution."""

    list_display = ["code", "title"]
    list_filter = ["goal"]
    search_fields = ["code", "title"]
    ordering = ["goal", "order"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ResultInline(TranslatedInline):
    model = SolutionResult
    extra = 1
    fields = ["order", "indicator", "baseline", "value", "unit", "year", "source", "source_url"]


class LinkInline(admin.TabularInline):
    model = SolutionLink
    extra = 1
    fields = ["order", "kind", "title", "url"]


@admin.register(Solution)
class SolutionAdmin(PublishableAdmin):
    preview_template = "solutions/solution_detail.html"
    list_display = ["thumb", "title", "lead_member", "stage", "first_year", "status_badge", "cluster_list"]
    list_display_links = ["title"]
    list_filter = ["status", "stage", "clusters", "targets__goal"]
    search_fields = ["title", "summary", "lead_member__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["lead_member", "partners", "clusters", "targets", "related_articles", "related_events"]
    inlines = [ResultInline, LinkInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "stage", "first_year", "last_year"]}),
        (_("The practice"), {"fields": ["challenge", "approach", "results_text", "replication"]}),
        (_("Who and where"), {"fields": ["lead_member", "partners", "extra_countries", "clusters"]}),
        (_("SDG targets"), {"fields": ["targets"]}),
        (_("Image"), {"fields": ["lead_image", "lead_image_caption"]}),
        (_("Related"), {"fields": ["related_articles", "related_events"]}),
        PublishableAdmin.publication_fieldset,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("lead_member").prefetch_related("clusters")

    @admin.display(description=_("clusters"))
    def cluster_list(self, obj):
        return ", ".join(cluster.short_name for cluster in obj.clusters.all())

    @admin.display(description="")
    def thumb(self, obj):
        return thumbnail_html(obj.lead_image, obj.thumbnail)

    def preview_context(self, obj):
        return solution_context(obj)
