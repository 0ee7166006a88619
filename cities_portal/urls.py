from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from core import views as core_views

admin.site.site_header = "South-South Cities Portal"
admin.site.site_title = "South-South Cities Portal admin"
admin.site.index_title = "Back office"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # /search/, /sitemap.xml, /robots.txt; /feeds/…, /clusters/<slug>/feed/ (before the clusters app).
    path("", include("search.urls")),
    path("", include("feeds.urls")),
    path("api/", include("api.urls")),
    path("clusters/", include("clusters.urls")),
    path("members/", include("members.urls")),
    path("news/", include("news.urls")),
    path("events/", include("events.urls")),
    path("submit/", include("submissions.urls")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Development and tests only; in production the web server or object storage serves media.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "core.views.page_not_found"
handler500 = "security.faults.server_error"  # a lost database gives a 503, anything else core's 500
