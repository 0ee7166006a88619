"""The few aggregate queries behind the map, the figures and the chart.

Each helper takes a queryset the caller has already narrowed (a cluster's members, the
directory's filtered members…) and applies `published()` itself, so nothing unpublished is
ever counted, whatever it is given. Each runs a fixed number of queries whatever the data size.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractYear

from clusters.models import Cluster
from core.urls import slug_linker
from events.models import Event
from members.models import by_name

# More points than this make the map heavy and unreadable; the shading still counts everyone.
MAX_POINTS = 200


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    label: str
    url: str


def country_counts(members, *, distinct=True):
    """{ISO alpha-2: number of published members}, largest first. One query.

    `distinct=False` when `members` has no join that could repeat a member (the directory's
    queryset filters clusters with a subquery): COUNT(DISTINCT) sorts every row first, which at
    100,000 members spills to disk and doubles the query's time.
    """
    rows = (
        members.published()
        .order_by()
        .values("country")
        .annotate(total=Count("pk", distinct=distinct))
        .order_by("-total", "country")
    )
    return {row["country"]: row["total"] for row in rows if row["country"]}


def member_points(members, limit=MAX_POINTS):
    """Published members with coordinates, as map points linking to their profiles. One query."""
    return points_from_rows(point_rows(members, limit))


def point_rows(members, limit=MAX_POINTS):
    """[(name, slug, latitude, longitude)] of published members with coordinates. One query."""
    return list(
        members.published()
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by(*by_name())  # the source name, as the directory; the points show the shown name
        .values_list("name", "slug", "latitude", "longitude")
        .distinct()[:limit]
    )


def points_from_rows(rows):
    """Map points from `point_rows`, linking to the profiles in the active language (up to 200
    reversals cost more than the rest of the map: core.urls)."""
    link = slug_linker("members:detail")
    return [Point(float(lat), float(lon), name, link(slug)) for name, slug, lat, lon in rows]


@dataclass
class Series:
    cluster: Cluster
    counts: list
    colour: str = ""

    @property
    def total(self):
        return sum(self.counts)


@dataclass
class EventsChart:
    """Events per year, one series per cluster; an event in two clusters counts in both."""

    years: list = field(default_factory=list)
    series: list = field(default_factory=list)

    @property
    def totals(self):
        return [sum(s.counts[i] for s in self.series) for i in range(len(self.years))]

    @property
    def rows(self):
        """(year, [count per series], total) for the text alternative."""
        return [
            (year, [s.counts[i] for s in self.series], total)
            for i, (year, total) in enumerate(zip(self.years, self.totals, strict=True))
        ]

    def __bool__(self):
        return bool(self.years)


def public_clusters(clusters=None):
    """The published clusters a chart shows: `clusters` when given, else all of them (one query)."""
    if clusters is None:
        clusters = Cluster.objects.published().only(
            "name", "short_name", "slug", "colour", "order", "status", "published_at"
        )
    return [cluster for cluster in clusters if cluster.is_public]


def events_per_year_by_cluster(events, clusters=None):
    """Published events per calendar year (UTC) and published cluster.

    Two queries (the clusters, the counts); one when `clusters` is given as a list.
    Years without events between the first and the last are kept, at zero, so gaps show.
    """
    clusters = public_clusters(clusters)
    return events_chart(event_year_counts(events, [cluster.pk for cluster in clusters]), clusters)


def event_year_counts(events, cluster_pks):
    """{(year, cluster pk): published events}. One query."""
    links = Event.clusters.through.objects.filter(
        event__in=events.published().order_by().values("pk"), cluster__in=cluster_pks
    )
    rows = (
        links.annotate(year=ExtractYear("event__starts_at"))
        .values("year", "cluster_id")
        .annotate(total=Count("event_id", distinct=True))
        .order_by()
    )
    return {(row["year"], row["cluster_id"]): row["total"] for row in rows}


def events_chart(counts, clusters):
    """The chart of `event_year_counts`, one series per cluster in `clusters` that has events."""
    if not counts:
        return EventsChart()
    found = [year for year, _ in counts]
    years = list(range(min(found), max(found) + 1))
    series = [
        Series(cluster, [counts.get((year, cluster.pk), 0) for year in years], cluster.colour_hex)
        for cluster in clusters
    ]
    return EventsChart(years=years, series=[s for s in series if s.total])


def figures(counts, events_total):
    """Members, countries and events: from `country_counts` and the number of published events."""
    return {"members": sum(counts.values()), "countries": len(counts), "events": events_total}
