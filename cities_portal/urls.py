from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from core import views as core_views
from portal import views as portal_views

# Outside the language prefix: machine-read addresses (health, sitemaps, robots, feeds, the API) and the
# back office. The feeds come first because /clusters/<slug>/feed/ sits beside the cluster pages.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("feeds.urls")),
    path("", include("search.crawler_urls")),
    path("api/", include("api.urls")),
    path("data/", include("opendata.file_urls")),  # the files; the page /data/ itself is translated, below
    path("admin/", admin.site.urls),
]

# The public pages: /es/members/, /fr/clusters/…; English, the default language, stays unprefixed.
urlpatterns += i18n_patterns(
    path("", portal_views.home, name="home"),
    path("manifest.webmanifest", portal_views.web_manifest, name="manifest"),
    path("", include("search.urls")),
    path("clusters/", include("clusters.urls")),
    path("members/", include("members.urls")),
    path("news/", include("news.urls")),
    path("events/", include("events.urls")),
    path("solutions/", include("solutions.urls")),
    path("exchange/", include("exchange.urls")),
    path("data/", include("opendata.urls")),
    path("submit/", include("submissions.urls")),
    path("partner/", include("partners.urls")),
    path("subscribe/", include("subscriptions.urls")),
    path("", include("pages.urls")),  # /about/, /privacy/…: last, after every fixed address
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Development and tests only; in production the web server or object storage serves media.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler404 = "core.views.page_not_found"
handler500 = "security.faults.server_error"  # a lost database gives a 503, anything else core's 500
