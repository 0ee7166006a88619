from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import PublishableAdmin, thumbnail_html

from .models import Member, Membership
from .views import member_context


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["cluster"]
    fields = ["cluster", "is_featured", "order", "joined_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cluster")


@admin.register(Member)
class MemberAdmin(PublishableAdmin):
    preview_template = "members/member_detail.html"
    list_display = ["thumb", "name", "kind", "country", "locality", "cluster_list", "status_badge", "published_at"]
    list_display_links = ["name"]
    list_filter = ["status", "kind", "clusters", "country"]
    search_fields = ["name", "locality", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "kind", "country", "locality", "summary", "description", "logo", "website"]},
        ),
        (_("Facts"), {"fields": ["key_fact", "population", "population_year", "area_km2", "latitude", "longitude"]}),
        (_("Private contact (never shown publicly)"), {"fields": ["contact_name", "contact_email"]}),
        PublishableAdmin.publication_fieldset,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("clusters")

    @admin.display(description=_("clusters"))
    def cluster_list(self, obj):
        return ", ".join(cluster.short_name for cluster in obj.clusters.all())

    @admin.display(description="")
    def thumb(self, obj):
        return thumbnail_html(obj.logo, obj.thumbnail)

    def preview_context(self, obj):
        return member_context(obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "cluster", "is_featured", "order", "joined_on"]
    list_filter = ["cluster", "is_featured"]
    list_editable = ["is_featured", "order"]
    list_select_related = ["member", "cluster"]
    search_fields = ["member__name", "cluster__name"]
    autocomplete_fields = ["member", "cluster"]
