"""Server-rendered SVG: the members map and the events chart.

Both are plain strings of SVG, with no script and no outside request, drawn once per
state and kept in the cache under a hash of everything they are drawn from (data, links,
language, map version), so a change in any of them draws a new one and nothing needs clearing.

The map holds no geometry of its own: the country shapes live in one static file,
`atlas/static/atlas/world.svg` (built with the shapes by `manage.py build_world_shapes`), which
every map references with `<use href="/static/atlas/world.<hash>.svg#BR">`. The browser fetches
it once from the site itself and caches it for good (its name changes with its content), so a
page carries only its links, titles, colours and points.
"""

import hashlib
import json
import logging
from functools import cached_property
from pathlib import Path

from django.core.cache import cache
from django.http import QueryDict
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django_countries import countries

from core.urls import slug_linker

from . import palette
from .build import SPRITE_WORLD
from .shapes import world

logger = logging.getLogger(__name__)
CACHE_SECONDS = 24 * 60 * 60
SPRITE = "atlas/world.svg"
POINT_RADIUS = 4.5
DOT_RADIUS = 5


def state_digest(*state):
    return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()


# What the markup is drawn with: a release that changes the drawing code or the templates draws afresh.
_DRAWN_WITH = [Path(__file__), *sorted((Path(__file__).parent / "templates").rglob("*.html"))]
CODE_VERSION = hashlib.sha256(b"".join(path.read_bytes() for path in _DRAWN_WITH)).hexdigest()[:12]


def cached_block(kind, digest, draw):
    """`draw()`'s markup, kept in the shared cache under `kind` and `digest`, which must name all it
    shows: a block is never stale, and the same map or chart is drawn once for every server."""
    key = f"atlas:{kind}:{CODE_VERSION}:{digest}"
    try:
        svg = cache.get_or_set(key, draw, CACHE_SECONDS)
    except Exception:  # the cache (Redis) is away: draw it, the page must not fail for that
        logger.warning("atlas: cache unavailable, drawing %s without it", kind, exc_info=True)
        svg = draw()
    return mark_safe(svg)  # noqa: S308 - built from escaped parts


def filter_pairs(filters):
    """The directory filters to keep in a country link, as sorted (key, value) pairs.

    `filters` may be a dict, a QueryDict (request.GET), a query string or a list of pairs; the country and
    the page number are dropped, since the link sets the one and starts again at the other.
    """
    if not filters:
        return []
    if isinstance(filters, str):
        filters = QueryDict(filters.lstrip("?"))
    if isinstance(filters, QueryDict):
        pairs = [(key, value) for key, values in filters.lists() for value in values]
    elif isinstance(filters, list | tuple):
        pairs = [(str(key), str(value)) for key, value in filters]
    else:
        pairs = []
        for key, value in filters.items():
            values = value if isinstance(value, list | tuple) else [value]
            pairs.extend((key, str(item)) for item in values)
    kept = [(key, value) for key, value in pairs if key not in {"country", "page"} and value != ""]
    return sorted(kept, key=lambda pair: pair[0])


def directory_url(filters, country, relative=False):
    """The member directory filtered by `country`, keeping the other filters already applied.

    `relative`: just the query string (`?country=BR…`), for links on the directory itself.
    """
    pairs = sorted([*filter_pairs(filters), ("country", country)], key=lambda pair: pair[0])
    return f"{'' if relative else reverse('members:list')}?{urlencode(pairs)}"


def _fmt(number):
    text = f"{number:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class MembersMap:
    """A world map shaded by member count, with members' points and links to the directory."""

    def __init__(self, counts, points=(), filters=None, title=None, on_directory=False, source=None):
        """`points`: a list of Points, or a function returning them, called only if the map is drawn.
        `on_directory`: the map is on the directory page, so its links can be bare query strings.
        `source`: a digest of the counts and point rows (atlas.context), which then stands for them
        in the map's own digest: hashing 200 points on every request cost more than the lookup."""
        self.counts = {code: count for code, count in dict(counts).items() if count > 0}
        self._points = points
        self.filters = filter_pairs(filters)
        self.title = str(title) if title else gettext("World map of members by country")
        self.on_directory = on_directory
        self.source = source

    @cached_property
    def points(self):
        return list(self._points() if callable(self._points) else self._points)

    @cached_property
    def digest(self):
        if self.source:
            # The rows name the members; the profile address pattern (language, script prefix) the links.
            shown = [self.source, slug_linker("members:detail")("")]
        else:
            shown = [sorted(self.counts.items()), [(p.lat, p.lon, p.label, p.url) for p in self.points]]
        return state_digest(
            world()["version"], static(SPRITE), get_language(), self.title, *shown, self.filters, self.on_directory
        )

    @property
    def dom_id(self):
        return f"atlas-map-{self.digest[:8]}"

    @property
    def members(self):
        return sum(self.counts.values())

    def url(self, code):
        return directory_url(self.filters, code, relative=self.on_directory)

    @cached_property
    def rows(self):
        """The text alternative: one row per country, most members first."""
        rows = [
            {
                "code": code,
                "name": countries.name(code) or code,
                "count": count,
                "url": self.url(code),
                "colour": palette.STEPS[palette.step_for(count)][1],
            }
            for code, count in self.counts.items()
        ]
        return sorted(rows, key=lambda row: (-row["count"], row["name"]))

    @property
    def legend(self):
        """(label, colour) for each step of the shading."""
        steps = palette.STEPS
        items = []
        for i, (lowest, colour) in enumerate(steps):
            if i + 1 < len(steps):
                highest = steps[i + 1][0] - 1
                label = str(lowest) if highest == lowest else f"{lowest}–{highest}"
            else:
                label = f"{lowest}+"
            items.append((label, colour))
        return items

    @property
    def description(self):
        countries_text = ngettext("%(n)d country", "%(n)d countries", len(self.counts)) % {"n": len(self.counts)}
        return ngettext(
            "%(n)d member in %(countries)s. Darker countries have more members; each links to the directory "
            "filtered by that country. Dots mark members' locations.",
            "%(n)d members in %(countries)s. Darker countries have more members; each links to the directory "
            "filtered by that country. Dots mark members' locations.",
            self.members,
        ) % {"n": self.members, "countries": countries_text}

    def svg(self):
        return cached_block("map", self.digest, self._draw)

    def _draw(self):
        """The base layer and each member country as a `<use>` of the sprite; colours come from the groups.

        Countries are drawn most members first (the table's order, hence the keyboard's), grouped by
        shade so each colour is written once per run of countries rather than once per country.
        """
        data = world()
        frame = data["frame"]
        shapes, dots = data["countries"], data["dots"]
        sprite = static(SPRITE)
        ident = self.dom_id
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width} {frame.height}" '
            f'class="atlas-map__svg" role="group" aria-labelledby="{ident}-t {ident}-d">',
            f'<title id="{ident}-t">{escape(self.title)}</title>',
            f'<desc id="{ident}-d">{escape(self.description)}</desc>',
            f'<use href="{sprite}#{SPRITE_WORLD}" fill="{palette.LAND}" stroke="{palette.LAND_EDGE}" '
            'stroke-width=".5" fill-rule="evenodd"/>',
            f'<g class="atlas-map__countries" stroke="{palette.SHADED_EDGE}" stroke-width=".8" '
            'stroke-linejoin="round" fill-rule="evenodd">',
        ]
        colour = None
        for row in self.rows:
            code = row["code"]
            if code not in shapes and code not in dots:
                continue  # too small for the map: it is in the table
            if row["colour"] != colour:
                parts.append(f'{"</g>" if colour else ""}<g fill="{row["colour"]}">')
                colour = row["colour"]
            label = ngettext("%(country)s: %(n)d member", "%(country)s: %(n)d members", row["count"]) % {
                "country": row["name"],
                "n": row["count"],
            }
            shape = f'<use href="{sprite}#{code}"/>' if code in shapes else ""
            dot = ""
            if code in dots:
                x, y = dots[code]
                dot = f'<circle cx="{x}" cy="{y}" r="{DOT_RADIUS}"/>'
            parts.append(f'<a href="{escape(row["url"])}"><title>{escape(label)}</title>{shape}{dot}</a>')
        parts.append("</g></g>" if colour else "</g>")
        if self.points:
            parts.append(
                f'<g class="atlas-map__points" fill="{palette.POINT}" stroke="{palette.POINT_EDGE}" stroke-width="1.5">'
            )
            for point in self.points:
                x, y = frame.project(point.lon, point.lat)
                parts.append(
                    f'<a href="{escape(point.url)}"><title>{escape(point.label)}</title>'
                    f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{POINT_RADIUS}"/></a>'
                )
            parts.append("</g>")
        parts.append("</svg>")
        return "".join(parts)


class EventsChartSvg:
    """Horizontal stacked bars: one row per year, one segment per cluster, the total at the end."""

    WIDTH = 360
    LABEL = 40  # the year column
    END = 34  # room for the total after the longest bar
    ROW = 26
    BAR = 16

    def __init__(self, chart, title=None):
        self.chart = chart
        self.title = str(title) if title else gettext("Events per year, by cluster")

    @cached_property
    def digest(self):
        return state_digest(
            get_language(),
            self.title,
            self.chart.years,
            [(s.cluster.pk, str(s.cluster.short_name), s.colour, s.counts) for s in self.chart.series],
        )

    @property
    def dom_id(self):
        return f"atlas-chart-{self.digest[:8]}"

    @property
    def description(self):
        chart = self.chart
        if not chart:
            return gettext("No events yet.")
        return gettext(
            "Published events each year from %(first)s to %(last)s, one coloured segment per cluster. "
            "An event shared by several clusters counts once in each."
        ) % {"first": chart.years[0], "last": chart.years[-1]}

    def svg(self):
        return cached_block("chart", self.digest, self._draw)

    def _draw(self):
        chart, ident = self.chart, self.dom_id
        height = max(1, len(chart.years)) * self.ROW + 6
        most = max(chart.totals, default=0) or 1
        scale = (self.WIDTH - self.LABEL - self.END) / most
        parts = [
            # direction="ltr": the years and totals are placed from the left edge (text-anchor), which a
            # right-to-left page would otherwise flip onto the bars.
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.WIDTH} {height}" class="atlas-chart__svg" '
            f'role="img" aria-labelledby="{ident}-t {ident}-d" font-size="13" fill="#1b2330" direction="ltr">',
            f'<title id="{ident}-t">{escape(self.title)}</title>',
            f'<desc id="{ident}-d">{escape(self.description)}</desc>',
        ]
        for i, (year, counts, total) in enumerate(chart.rows):
            top = 3 + i * self.ROW
            middle = top + self.BAR / 2 + 4
            parts.append(f'<text x="{self.LABEL - 6}" y="{_fmt(middle)}" text-anchor="end">{year}</text>')
            x = self.LABEL
            for series, count in zip(chart.series, counts, strict=True):
                if not count:
                    continue
                width = count * scale
                label = ngettext("%(cluster)s, %(year)s: %(n)d event", "%(cluster)s, %(year)s: %(n)d events", count)
                label %= {"cluster": series.cluster.short_name, "year": year, "n": count}
                parts.append(
                    f'<rect x="{_fmt(x)}" y="{top}" width="{_fmt(width)}" height="{self.BAR}" fill="{series.colour}" '
                    f'stroke="#fff" stroke-width="1"><title>{escape(label)}</title></rect>'
                )
                x += width
            parts.append(f'<text x="{_fmt(x + 5)}" y="{_fmt(middle)}">{total}</text>')
        parts.append(
            f'<path d="M{self.LABEL} 0V{height}" stroke="#4a5565" stroke-width="1" shape-rendering="crispEdges"/>'
        )
        parts.append("</svg>")
        return "".join(parts)
