from django.contrib import admin

from core.admin import PublishableAdmin

from .models import Page
from .views import page_context


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    preview_template = "pages/page_detail.html"
    list_display = ["title", "slug", "status_badge", "updated_at"]
    list_display_links = ["title"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        PublishableAdmin.publication_fieldset,
    ]

    def preview_context(self, obj):
        return page_context(obj)
