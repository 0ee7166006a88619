"""The addresses crawlers read, outside the language prefix: /sitemap.xml, its sections, /robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from core.page_cache import cacheable

from . import views
from .sitemaps import SITEMAPS

app_name = "crawlers"

urlpatterns = [
    # An index at the address the SPEC fixes, and one sitemap per section, paged when large.
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", cacheable(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
