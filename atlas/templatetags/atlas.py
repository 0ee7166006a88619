from django import template
from django.template.loader import render_to_string

from ..queries import EventsChart
from ..render import EventsChartSvg, MembersMap, cached_block

register = template.Library()


@register.simple_tag
def members_map(counts, points=(), link_base=None, title=None):
    """The members map and its table: `{% members_map counts points link_base %}`, or `{% members_map map %}`.

    `counts` is {alpha-2: members}, `points` a list of `atlas.queries.Point`, `link_base` the filters
    the country links keep (a dict, request.GET or a query string such as "cluster=transport").
    The whole block is kept in the cache under the map's digest (everything it is drawn from, the
    language included): its table names and links every member country, which costs more to
    render than the rest of a directory page.
    """
    members = (
        counts if isinstance(counts, MembersMap) else MembersMap(counts or {}, points or (), link_base, title=title)
    )
    return cached_block(
        "map-block", members.digest, lambda: render_to_string("atlas/members_map.html", {"map": members})
    )


@register.simple_tag
def events_chart(data, title=None):
    """The events-per-year chart and its table, from `atlas.queries.events_per_year_by_cluster`.

    Kept in the cache whole, like the map, under the chart's digest (its years, clusters, counts,
    title and language): the table cost more to render than the drawing."""
    chart = data if isinstance(data, EventsChartSvg) else EventsChartSvg(data or EventsChart(), title=title)
    return cached_block(
        "chart-block", chart.digest, lambda: render_to_string("atlas/events_chart.html", {"chart": chart})
    )


@register.inclusion_tag("atlas/figures.html")
def headline_figures(figures):
    """Members, countries and events, from `atlas.queries.figures`."""
    return {"figures": figures}
