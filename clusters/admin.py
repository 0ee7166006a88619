from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import PublishableAdmin, TranslatedInline, thumbnail_html
from members.models import Membership

from .models import Cluster, ClusterFigure
from .views import cluster_context


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["member"]
    fields = ["member", "is_featured", "order", "joined_on"]
    ordering = ["order", "member__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class ClusterFigureInline(TranslatedInline):
    """The figures the page's intro quotes; with none, it shows the directory's live counts."""

    model = ClusterFigure
    extra = 0
    fields = ["order", "value", "label"]


@admin.register(Cluster)
class ClusterAdmin(PublishableAdmin):
    preview_template = "clusters/cluster_detail.html"
    list_display = ["thumb", "name", "short_name", "order", "is_active", "member_count", "status_badge", "published_at"]
    list_display_links = ["name"]
    list_editable = ["order"]
    list_filter = ["status", "is_active"]
    search_fields = ["name", "short_name", "intro"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [ClusterFigureInline, MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "intro", "description", "order", "is_active"]}),
        (_("Artwork"), {"fields": ["colour", "icon"]}),
        ("Hero image", {"fields": ["hero_image", "hero_caption", "hero_credit"]}),
        PublishableAdmin.publication_fieldset,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description="members", ordering="member_total")
    def member_count(self, obj):
        return obj.member_total

    @admin.display(description="")
    def thumb(self, obj):
        return thumbnail_html(obj.hero_image, obj.thumbnail)

    def preview_context(self, obj):
        return cluster_context(obj)
