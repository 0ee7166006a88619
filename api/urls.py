from django.urls import URLPattern, URLResolver, path, re_path

from . import docs, http
from .endpoints import api


def _wrapped(patterns):
    """The API's URL patterns with every view wrapped in http.public_api."""
    result = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = _wrapped(pattern.url_patterns)
            result.append(pattern)
        else:
            result.append(
                URLPattern(pattern.pattern, http.public_api(pattern.callback), pattern.default_args, pattern.name)
            )
    return result


ninja_patterns, _ninja_app_name, _namespace = api.urls
app_name = "api"

urlpatterns = [
    *_wrapped(ninja_patterns),
    path("docs", http.public_api(docs.api_docs), name="docs"),
    re_path(r"^(?P<path>.*)$", http.public_api(http.not_found), name="not_found"),
]
