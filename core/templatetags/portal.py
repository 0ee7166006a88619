from django import template
from django.conf import settings
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced; a value of None removes one.

    `page` is always dropped unless it is the parameter being set, so changing a filter
    goes back to the first page.
    """
    params = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = urlencode(sorted(params.lists()), doseq=True)
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def query_without(context, key, value):
    """The current query string without one value of a repeated parameter (a filter chip's link)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    remaining = [item for item in params.getlist(key) if item.lower() != str(value).lower()]
    if remaining:
        params.setlist(key, remaining)
    else:
        params.pop(key, None)
    encoded = urlencode(sorted(params.lists()), doseq=True)
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """An absolute URL on the canonical site address, for canonical links and Open Graph."""
    if path is None:
        path = context["request"].path
    return f"{settings.SITE_URL}{path}"
