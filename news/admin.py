from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.admin import PublishableAdmin, thumbnail_html

from .models import Article, Category
from .views import article_context


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    """The name in English, then each language's name (empty: shown in English)."""

    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    preview_template = "news/article_detail.html"
    list_display = ["thumb", "title", "published_at", "status_badge", "cluster_list", "category_list"]
    list_display_links = ["title"]
    list_filter = ["status", "clusters", "categories"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["clusters", "categories", "related_members"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_caption"]}),
        (_("Tags"), {"fields": ["clusters", "categories", "related_members"]}),
        PublishableAdmin.publication_fieldset,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("clusters", "categories")

    @admin.display(description=_("clusters"))
    def cluster_list(self, obj):
        return ", ".join(cluster.short_name for cluster in obj.clusters.all())

    @admin.display(description=_("categories"))
    def category_list(self, obj):
        return ", ".join(category.name for category in obj.categories.all())

    @admin.display(description="")
    def thumb(self, obj):
        return thumbnail_html(obj.lead_image, obj.thumbnail)

    def preview_context(self, obj):
        return article_context(obj)
