from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date, urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.page_cache import cacheable
from core.urls import site_url

from .engine import DOCUMENTS, MAX_QUERY_LENGTH, MAX_RANKED, SiteSearch, clean_query
from .sitemaps import SITEMAPS

RESULTS_PER_PAGE = 20


@cacheable
@require_safe
def search(request):
    raw = request.GET.get("q", "")
    q = clean_query(raw)
    chosen = request.GET.get("type", "")
    chosen = chosen if chosen in DOCUMENTS else ""
    context = {
        "q": q,
        "type": chosen,
        "shortened": len(" ".join(raw.split())) > MAX_QUERY_LENGTH,
        "max_length": MAX_QUERY_LENGTH,
    }
    if q:
        results = SiteSearch(q)
        page_obj = Paginator(results.ranked([chosen] if chosen else None), RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context |= {
            "total": results.total,
            "capped": results.capped,
            "max_ranked": MAX_RANKED,
            "facets": [
                (type_, document.plural, results.shown(type_), results.counts[type_] > MAX_RANKED)
                for type_, document in DOCUMENTS.items()
            ],
            "page_obj": page_obj,
            "query": urlencode([("q", q), *([("type", chosen)] if chosen else [])]),
            "hits": page_obj.object_list,
        }
    return render(request, "search/search.html", context)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    for code, _name in settings.LANGUAGES:  # the submission form and the search in every language
        with translation.override(code):
            lines += [f"Disallow: {reverse('submissions:submit')}", f"Disallow: {reverse('search:search')}"]
    lines += [
        "",
        f"Sitemap: {site_url()}{reverse('crawlers:sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@cacheable
@require_safe
def sitemap_index(request):
    """/sitemap.xml: one entry per section sitemap (and per page of a large one), on the site's own address."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = site_url() + reverse("crawlers:sitemap_section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries += [SitemapIndexItem(f"{location}?p={page}", lastmod) for page in sitemap.paginator.page_range[1:]]
    lastmods = [entry.last_mod for entry in entries if entry.last_mod]
    headers = {"Last-Modified": http_date(max(lastmods).timestamp())} if lastmods else None
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml", headers=headers
    )
