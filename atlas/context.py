"""What a view hands its template for the atlas includes: one call per page.

"atlas": overview(members=..., events=..., filters={"cluster": cluster.slug})
    → {% include "atlas/overview.html" %}   (figures, map, chart)
"members_map": directory_map(members, filters)
    → {% include "atlas/directory_map.html" %}
"""

from django.utils.translation import gettext_lazy as _

from core.aggregates import remember

from . import queries
from .render import EventsChartSvg, MembersMap, state_digest


def overview(*, members, events, clusters=None, filters=None, map_title=None, scope=None):
    """Headline figures, the members map and the events chart. Five queries, four with `clusters` given.

    `scope` names what `members` and `events` hold ("all", ("cluster", pk)…): the counts are then
    remembered per content generation (core.aggregates), and only the clusters' query runs again.
    """
    clusters = queries.public_clusters(clusters)
    cluster_pks = tuple(cluster.pk for cluster in clusters)

    def counted():
        countries, points = queries.country_counts(members), queries.point_rows(members)
        return {
            "countries": countries,
            "points": points,
            "source": _source(countries, points),
            "years": queries.event_year_counts(events, cluster_pks),
            "events": events.published().order_by().count(),
        }

    data = remember("atlas.overview", counted, scope, cluster_pks) if scope is not None else counted()
    return {
        "figures": queries.figures(data["countries"], data["events"]),
        "map": _map(data, filters, title=map_title),
        "chart": EventsChartSvg(queries.events_chart(data["years"], clusters)),
    }


def _source(countries, points):
    """A digest of the map's counts and point rows, made once when they are counted (MembersMap)."""
    return state_digest(sorted(countries.items()), points)


def _map(data, filters, **options):
    """The map of remembered counts: its points are made only if it must be drawn."""
    return MembersMap(
        data["countries"],
        lambda: queries.points_from_rows(data["points"]),
        filters,
        source=data.get("source"),  # entries remembered before it was kept have none
        **options,
    )


def directory_map(members, filters, *, scope=None):
    """The map of the members the directory lists; its country links keep `filters`. Two queries,
    none when `scope` (the directory's normalised filters) finds them remembered.

    Only for the directory page itself: its country links are bare query strings (`?country=BR…`).
    """

    def counted():
        # distinct=False: the directory filters clusters by subquery, so no member is repeated
        countries, points = queries.country_counts(members, distinct=False), queries.point_rows(members)
        return {"countries": countries, "points": points, "source": _source(countries, points)}

    data = remember("atlas.directory", counted, scope) if scope is not None else counted()
    return _map(data, filters, title=_("Map of the members listed, by country"), on_directory=True)


def members_map(members, *, title):
    """The map of a few members (a good practice's lead and partners): their countries shaded, their
    places as points, country links to the directory. Two queries."""
    countries, points = queries.country_counts(members), queries.point_rows(members)
    return _map({"countries": countries, "points": points, "source": _source(countries, points)}, {}, title=title)
