from django import template
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from core.content_language import SOURCE_LANGUAGE, falls_back, translation_state
from core.fragments import render_cards
from core.urls import fixed_address, is_slug, site_url, slug_linker

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


@register.simple_tag
def address(view_name):
    """`{% address "clusters:list" as clusters_url %}`: `{% url %}` for a page without arguments,
    reversed once per language (core.urls.fixed_address), not on every page drawn."""
    return fixed_address(view_name)


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    """An absolute URL on the canonical site address, for canonical links and Open Graph."""
    if path is None:
        path = context["request"].path
    return f"{site_url()}{path}"


# Each language in its own words, as a speaker would look for it in a list (capitalised, plain script).
OWN_NAMES = {
    "ar": "العربية",
    "zh-hans": "简体中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
    "pt": "Português",
}


# The switcher carries the filters over, but not an oversized query string into seven links: each value
# is cut as the search cuts its text, and only the first parameters are kept.
SWITCHER_VALUE_LENGTH = 200
SWITCHER_PARAMETERS = 40


def _carried_query(request):
    pairs = [(key, value[:SWITCHER_VALUE_LENGTH]) for key, values in request.GET.lists() for value in values]
    encoded = urlencode(pairs[:SWITCHER_PARAMETERS])
    return f"?{encoded}" if encoded else ""


def _language_paths(request, missing=False):
    """{code: this page's path in that language}, worked out once per request for the switcher and
    the alternates: one `resolve` and one `reverse` per language (`translate_url` per link resolved
    the path again each time, 16 times a page). Empty on a 404 (`missing`: the address may match a
    pattern, /members/<slug>/ or a staff page's /<slug>/, with nothing there)."""
    if missing:
        return {}
    paths = getattr(request, "_language_paths", None)
    if paths is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        paths = {}
        parameter = getattr(match.func, "language_parameter", None) if match is not None else None
        if parameter:  # a page outside the language prefix that takes its language from the query (/api/docs)
            paths = {code: f"{request.path}?{urlencode({parameter: code})}" for code, _name in settings.LANGUAGES}
        elif match is not None and match.url_name is not None:
            for code, _name in settings.LANGUAGES:
                try:
                    paths[code] = _path_in(code, match)
                except NoReverseMatch:
                    paths[code] = request.path
        request._language_paths = paths
    return paths


def _path_in(code, match):
    """The address of a resolved page in language `code`: remembered for a page without arguments
    or named by a slug (core.urls), reversed otherwise."""
    if not match.args and not match.kwargs:
        return fixed_address(match.view_name, code)
    if not match.args and match.kwargs.keys() == {"slug"} and is_slug(match.kwargs["slug"]):
        return slug_linker(match.view_name, code)(match.kwargs["slug"])
    with translation.override(code):
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)


def _other_language_url(request, code, query, missing):
    """This page's address in language `code`; the home page in that language when this page has no match."""
    path = _language_paths(request, missing).get(code)
    if path is None:
        with translation.override(code):
            return reverse("home")
    if "?" in path:  # the language is the query (/api/docs?lang=ar): nothing else is carried
        return path
    return path + query


def _language_links(request, missing):
    """(code, hreflang, own name, right to left, url) per language: this page in each language, with
    its query string."""
    query = _carried_query(request)
    links = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        name = OWN_NAMES.get(code, info["name_local"])
        links.append((code, hreflang(code), name, info["bidi"], _other_language_url(request, code, query, missing)))
    return links


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """The language switcher's items: one `<li>` per language, linking to this page (and its query
    string) in that language, in the language's own words; the current one is marked.

    Markup built here rather than by a template loop: the seven items are drawn on every page, and a
    loop of seven with five attributes each cost the template engine 0.3–0.6 million instructions."""
    request = context.get("request")
    if request is None:
        return ""
    current = translation.get_language()
    return format_html_join(
        "\n",
        '<li><a href="{}" lang="{}" hreflang="{}"{}{}>{}</a></li>',
        (
            (
                url,
                code,
                tag,
                mark_safe(' dir="rtl"') if bidi else "",
                mark_safe(' aria-current="true"') if code == current else "",
                name,
            )
            for code, tag, name, bidi, url in _language_links(request, context.get("page_missing", False))
        ),
    )


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """`<link rel="alternate" hreflang>` for the page head: this page's absolute address in each
    language, then x-default (English, unprefixed). Nothing on a page that no address matches (a 404)."""
    request = context.get("request")
    if request is None:
        return ""
    paths = _language_paths(request, context.get("page_missing", False))
    if not paths:
        return ""
    alternates = [(hreflang(code), f"{site_url()}{paths[code]}") for code, _ in settings.LANGUAGES]
    alternates.append(("x-default", f"{site_url()}{paths[settings.LANGUAGE_CODE]}"))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', alternates)


def hreflang(code):
    """BCP 47 with the script in title case, as search engines expect: zh-hans becomes zh-Hans."""
    language, _, rest = code.partition("-")
    return f"{language}-{rest.title()}" if len(rest) == 4 else code


@register.filter
def startswith(value, prefix):
    """`request.path|startswith:members_url`: whether a path lies under a section (for aria-current)."""
    return bool(prefix) and str(value).startswith(str(prefix))


def _hours_minutes(duration):
    """A timedelta in whole hours and minutes, rounded to the minute (at least one)."""
    return divmod(max(1, round(duration.total_seconds() / 60)), 60)


@register.filter
def duration_label(duration):
    """A length as people read it, in the active language: "1 h 32 min", "45 min", "2 h"."""
    if duration is None:
        return ""
    hours, minutes = _hours_minutes(duration)
    parts = [ngettext("%(count)d h", "%(count)d h", hours) % {"count": hours}] if hours else []
    if minutes:
        parts.append(ngettext("%(count)d min", "%(count)d min", minutes) % {"count": minutes})
    return " ".join(parts)


@register.filter
def duration_iso(duration):
    """The same length for a `<time datetime>`: "PT1H32M"."""
    if duration is None:
        return ""
    hours, minutes = _hours_minutes(duration)
    return f"PT{hours}H{minutes}M" if hours else f"PT{minutes}M"


@register.filter
def lang_attr(obj, field):
    """` lang="en" dir="ltr"` on an element whose text is `obj.<field>` shown in English for want of
    a translation, so screen readers pronounce it as English; nothing otherwise.

        <p class="lead"{{ cluster|lang_attr:"intro" }}>{{ cluster.intro }}</p>
    """
    if falls_back(obj, field):
        return mark_safe(f' lang="{SOURCE_LANGUAGE}" dir="ltr"')  # noqa: S308 - a constant
    return ""


@register.filter
def in_language(obj, field):
    """`obj.<field>`, escaped; inside `<span lang="en" dir="ltr">` when it is shown in English for
    want of a translation (for text that shares its element with other text, like a member's
    locality beside the country's name).

        <p>{{ member|in_language:"locality" }}{{ member.place_rest }}</p>
    """
    value = getattr(obj, field)
    if falls_back(obj, field):
        return format_html('<span lang="{}" dir="ltr">{}</span>', SOURCE_LANGUAGE, value)
    return conditional_escape(value)


@register.inclusion_tag("includes/translation_notice.html")
def translation_notice(obj):
    """On a detail page: says when the page, or part of it, is shown in English."""
    return {"state": translation_state(obj)}


@register.simple_tag
def cards(objects, template_name, name, **extra):
    """`{% cards members "includes/member_card.html" "member" %}`: each object drawn
    with a card template, the run remembered per content generation (core.fragments)."""
    return render_cards(objects, template_name, name, **extra)
