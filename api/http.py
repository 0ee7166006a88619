"""What every API answer gets, whatever view produced it: open CORS for reading, the language asked
for (`?lang=`, else Accept-Language, else English), an ETag with conditional GET (304), revalidation
on every use, a place in the page cache, and JSON errors for unknown addresses."""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.translation.trans_real import parse_accept_lang_header

from core.content_language import requested_language

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def _cors(response):
    # A constant "*", never the caller's Origin, and never credentials: anyone may read, as nobody.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Link"
    return response


LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class UnknownLanguage(ValueError):
    pass


def response_language(request):
    """The language of the answer: `?lang=` when given, else the first supported language of
    Accept-Language, else English. The API sits outside the language prefix, so the page's language
    machinery (path, cookie) does not apply.

    `lang` is exactly one of LANGUAGE_CODES, the enum the OpenAPI document gives it (endpoints.py);
    anything else, an empty value or a variant (`pt-BR`) included, is an error, so the document is
    the whole truth. Accept-Language, which browsers fill with variants, is read leniently."""
    if "lang" in request.GET:
        asked = request.GET["lang"]
        if asked not in LANGUAGE_CODES:
            raise UnknownLanguage(asked)
        return asked
    header = request.headers.get("Accept-Language", "")[:1000]
    for code, _quality in parse_accept_lang_header(header):
        if code != "*" and (language := requested_language(code)):
            return language
    return settings.LANGUAGE_CODE


def _language_headers(response, language):
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language"])
    return response


def public_api(view):
    """Wrap an API view with CORS, the requested language, an ETag and conditional GET."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since, Accept, Accept-Language"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        try:
            language = response_language(request)
        except UnknownLanguage as error:
            shown = str(error)[:40]
            detail = f"Unknown language {shown!r} in lang: use one of {', '.join(LANGUAGE_CODES)}."
            return _cors(JsonResponse({"detail": detail}, status=400))
        with translation.override(language):
            if request.method == "HEAD":
                # Answered as GET (the views only declare GET); the server drops the body.
                request.method = "GET"
                try:
                    response = view(request, *args, **kwargs)
                finally:
                    request.method = "HEAD"
            else:
                response = view(request, *args, **kwargs)
        _language_headers(response, language)
        if response.status_code == 405:
            response["Allow"] = ALLOWED_METHODS
        _cors(response)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            # Clients keep a copy but ask each time (a 304 costs no query when the page cache holds
            # the answer): an unpublished item must not live on in anyone's cache.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            response.page_cache_public = True
            set_response_etag(response)
            response = get_conditional_response(request, etag=response.get("ETag"), response=response)
            _cors(response)
            _language_headers(response, language)
        return response

    wrapped.page_cache_public = True  # core.page_cache: answers are kept whole for anonymous callers
    wrapped.page_cache_language = _cache_language  # ... one copy per language the answer is in
    wrapped.language_parameter = "lang"  # core's language links: the language is in the query, not the path
    return wrapped


def _cache_language(request):
    try:
        return response_language(request)
    except UnknownLanguage:
        return None


def not_found(request, path=""):
    """Any other address under /api/: a JSON 404, or the address with its missing slash."""
    if not request.path.endswith("/"):
        try:
            match = resolve(f"{request.path}/")
        except Resolver404:
            match = None
        if match and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{request.path}/" + (f"?{query}" if query else ""))
    return JsonResponse({"detail": "Not Found"}, status=404)
