"""Cards and picks remembered per content generation (docs/architecture.md).

A list page spends most of its Python time in the template engine drawing the same cards — a member,
an article, an event — that every other page showing them draws too: 24 member cards take about
6 ms, a page's whole budget at the throughput the portal aims for. A card shows only its object's own
published fields and the active language's words, so `render_cards` keeps the markup of a run of
cards under the content generation (core.aggregates.remember): any save anywhere draws them afresh
on every application server, and a release that changes a card template draws afresh too.
`remembered_rows` does the same for which rows a short list shows ("picks"), by their ids.

Nothing that differs between visitors may be in a card: no request, user, CSRF token or nonce.
AGGREGATE_CACHE_SECONDS governs these entries with the counts; 0 draws every time, with the same
queries as a page drawn after a change.
"""

import hashlib

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

from .aggregates import remember

# The templates a card may be drawn with; their text is part of every key.
CARD_TEMPLATES = (
    "includes/member_card.html",
    "includes/article_card.html",
    "includes/event_card.html",
    "includes/recording_card.html",
    "includes/solution_card.html",
    "exchange/includes/post_card.html",
)
# What the cards include: its text is part of every key too.
CARD_PARTIALS = ("includes/cluster_art.html", "includes/sdg_badge.html")
_TEMPLATES_DIR = settings.BASE_DIR / "templates"
_CARDS_TEXT = b"".join((_TEMPLATES_DIR / name).read_bytes() for name in CARD_TEMPLATES + CARD_PARTIALS)
TEMPLATES_VERSION = hashlib.sha256(_CARDS_TEXT).hexdigest()[:12]


class Rows:
    """Cards named by their primary keys, known before any row is read: `fetch()` returns the
    objects in that order, and is called only when the cards must be drawn."""

    def __init__(self, keys, fetch):
        self.keys = list(keys)
        self.fetch = fetch

    def __bool__(self):
        return bool(self.keys)

    def __len__(self):
        return len(self.keys)

    def __iter__(self):
        return iter(self.fetch())


def remembered_rows(name, keys_query, fetch, *scope):
    """Rows whose keys (`keys_query`: a values_list of primary keys, or a function building one) are
    remembered per content generation under `name` and `scope`; `fetch(keys)` reads the rows, in that
    order, only when cards must be drawn (Rows). At 100,000 members the newest memberships are
    mostly of members not yet published: on a remembered page neither the pick nor the rows are read."""
    keys = remember(name, lambda: list(built(keys_query)), *scope)
    return Rows(keys, lambda: fetch(keys))


def built(value):
    """`value`, or what it returns when it is a function: a queryset built only when it is read."""
    return value() if callable(value) else value


def in_order(queryset, keys):
    """The objects of `queryset` with these primary keys, in the keys' order (missing ones left out)."""
    found = queryset.in_bulk(keys)
    return [found[key] for key in keys if key in found]


def render_cards(objects, template_name, name, **extra):
    """The concatenated markup of `template_name` drawn once per object (the object as `name`, with
    the `extra` context), remembered for this list of objects in the active language.

    Given a queryset not yet read, only its primary keys are fetched to find the remembered cards;
    the rows themselves, and whatever they prefetch, are read only when the cards must be drawn.
    """
    if template_name not in CARD_TEMPLATES:
        raise ValueError(f"{template_name} is not a card template (core.fragments.CARD_TEMPLATES)")
    if isinstance(objects, Rows):
        keys, rows = objects.keys, objects.fetch
    # A queryset the page has already read (its _result_cache is filled) needs no second query.
    elif isinstance(objects, QuerySet) and objects._result_cache is None:
        keys = list(objects.prefetch_related(None).values_list("pk", flat=True))

        def rows():
            return list(objects)

    else:
        objects = list(objects)
        keys = [obj.pk for obj in objects]

        def rows():
            return objects

    if not keys:
        return ""
    template = get_template(template_name)

    def draw():
        return "".join(template.render({name: obj, **extra}) for obj in rows())

    markup = remember(
        "cards",
        draw,
        template_name,
        TEMPLATES_VERSION,
        translation.get_language(),
        tuple(keys),
        tuple(sorted(extra.items())),
    )
    return mark_safe(markup)  # noqa: S308 - rendered by the autoescaping template engine
