"""/data/: the open data page, the Data Package descriptor and the downloads (docs/search-and-api.md).

The page and the descriptor are small and kept by the page cache (`@cacheable`). The files are
streamed and never kept whole anywhere: each gets an ETag made of the content generation (which
every save, delete or bulk write replaces, core.page_cache), the resource's last change (which a
scheduled publication moves) and the file's layout, so a client holding the current copy gets a
304 without a query being run.
"""

import hashlib
import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe

from core import page_cache
from core.aggregates import remember
from core.page_cache import cacheable
from core.urls import site_url

from .formats import CONTENT_TYPES, WRITERS
from .resources import BY_NAME, RESOURCES, Links, summary

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PACKAGE_NAME = "south-south-cities-portal"

# Bytes a row takes in CSV, about, and how much more JSON and GeoJSON take (measured on the demo data
# and on 100,000 generated members): for the size class the page shows. The files are streamed, so
# their exact size is known only once written.
BYTES_PER_ROW = {
    "clusters": 210,
    "members": 310,
    "solutions": 470,
    "solution-results": 160,
    "exchange-posts": 900,
    "news": 420,
    "events": 540,
}
FORMAT_WEIGHT = {"csv": 1, "json": 1.8, "geojson": 1.8}
SIZE_CLASSES = (
    (100_000, _("under 100 kB")),
    (1_000_000, _("100 kB to 1 MB")),
    (10_000_000, _("1 to 10 MB")),
    (100_000_000, _("10 to 100 MB")),
)
FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "geojson": "GeoJSON"}


def _summary():
    return remember("opendata.summary", summary)


def _absolute(path):
    return f"{site_url()}{path}"


def file_url(name, fmt):
    return reverse("opendata_files:file", kwargs={"name": name, "fmt": fmt})


def license_descriptor():
    return dict(settings.OPEN_DATA_LICENSE)


def size_class(name, fmt, rows):
    estimate = rows * BYTES_PER_ROW[name] * FORMAT_WEIGHT[fmt]
    return next((label for limit, label in SIZE_CLASSES if estimate < limit), _("over 100 MB"))


@cacheable
@require_safe
def index(request):
    figures = _summary()
    resources = [
        {
            "resource": resource,
            "rows": figures[resource.name]["rows"],
            "last_change": figures[resource.name]["last_change"],
            "files": [
                {
                    "format": FORMAT_NAMES[fmt],
                    "url": file_url(resource.name, fmt),
                    "size": size_class(resource.name, fmt, figures[resource.name]["rows"]),
                }
                for fmt in resource.formats
            ],
        }
        for resource in RESOURCES
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "resources": resources,
            "license": settings.OPEN_DATA_LICENSE,
            "descriptor_url": reverse("opendata_files:datapackage"),
            "languages": LANGUAGE_CODES,
        },
    )


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def descriptor():
    """The Data Package (https://specs.frictionlessdata.io/data-package/): every CSV file with its Table
    Schema, at absolute addresses; in English, like the files it names."""
    figures = _summary()
    changes = [figure["last_change"] for figure in figures.values() if figure["last_change"]]
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "profile": "tabular-data-package",
            "name": PACKAGE_NAME,
            "title": f"{settings.SITE_NAME} open data",
            "description": (
                "The published clusters, members, good practices and their results, news and events of the "
                "South-South Cities Clusters. Each resource is also available as JSON (and members and good "
                "practices as GeoJSON) at the same address with another extension; add ?lang= (one of "
                f"{', '.join(LANGUAGE_CODES)}) for the text in another language."
            ),
            "homepage": _absolute(reverse("opendata:index")),
            "licenses": [license_descriptor()],
            **({"created": max(changes).isoformat()} if changes else {}),
            "resources": [
                {
                    "name": resource.name,
                    "title": str(resource.title),
                    "description": str(resource.description),
                    "path": _absolute(file_url(resource.name, "csv")),
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "licenses": [license_descriptor()],
                    "schema": resource.schema(),
                }
                for resource in RESOURCES
            ],
        }


@cacheable
@require_safe
def datapackage(request):
    return _cors(JsonResponse(descriptor(), json_dumps_params={"indent": 2, "ensure_ascii": False}))


def _language(request):
    """The language of a file's text: `?lang=` (one of LANGUAGES), else English, the source text: a file
    is the same for everyone who asks for the same address. None when `lang` names no language."""
    language = request.GET.get("lang", settings.LANGUAGE_CODE)
    return language if language in LANGUAGE_CODES else None


def _layout(resource):
    return json.dumps(resource.schema(), sort_keys=True)


def _etag(request, name, fmt):
    resource, language = BY_NAME.get(name), _language(request)
    if resource is None or fmt not in resource.formats or language is None:
        return None
    try:
        generation = page_cache.read_with_generation(page_cache.GENERATION_KEY)[page_cache.GENERATION_KEY]
    except Exception:  # the cache is away: no ETag, the file is sent whole
        return None
    last_change = _summary()[name]["last_change"]
    state = f"{generation}|{last_change}|{name}|{fmt}|{language}|{site_url()}|{_layout(resource)}"
    return '"' + hashlib.sha256(state.encode()).hexdigest()[:32] + '"'


@require_safe
@condition(etag_func=_etag)
def download(request, name, fmt):
    resource = BY_NAME.get(name)
    if resource is None or fmt not in resource.formats:
        raise Http404
    language = _language(request)
    if language is None:
        message = f"Unknown language in lang: use one of {', '.join(LANGUAGE_CODES)}."
        return _cors(HttpResponse(message, status=400, content_type="text/plain; charset=utf-8"))
    with translation.override(language):
        metadata = {
            "name": resource.name,
            "title": str(resource.title),
            "description": str(resource.description),
            "language": language,
            "licenses": [license_descriptor()],
            "datapackage": _absolute(reverse("opendata_files:datapackage")),
            "homepage": _absolute(reverse("opendata:index")),
        }
    links = Links(site_url(), language)  # now: once the response streams, the request's address is gone
    pieces = WRITERS[fmt](resource, links, language, metadata) if request.method == "GET" else ()
    response = StreamingHttpResponse(pieces, content_type=CONTENT_TYPES[fmt])
    response["Content-Language"] = language
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return _cors(response)
