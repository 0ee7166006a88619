"""What a view hands its template for the atlas includes: one call per page.

"atlas": overview(members=..., events=..., filters={"cluster": cluster.slug})
    → {% include "atlas/overview.html" %}   (figures, map, chart)
"members_map": directory_map(members, filters)
    → {% include "atlas/directory_map.html" %}
"""

from django.utils.translation import gettext_lazy as _

from .queries import country_counts, events_per_year_by_cluster, headline_figures, member_points
from .render import EventsChartSvg, MembersMap


def overview(*, members, events, clusters=None, filters=None, map_title=None):
    """Headline figures, the members map and the events chart. Five queries, four with `clusters` given."""
    counts = country_counts(members)
    return {
        "figures": headline_figures(counts, events),
        "map": MembersMap(counts, member_points(members), filters, title=map_title),
        "chart": EventsChartSvg(events_per_year_by_cluster(events, clusters)),
    }


def directory_map(members, filters):
    """The map of the members the directory lists; its country links keep `filters`. Two queries.

    Only for the directory page itself: its country links are bare query strings (`?country=BR…`).
    """
    counts = country_counts(members, distinct=False)  # the directory filters clusters by subquery
    title = _("Map of the members listed, by country")
    return MembersMap(counts, member_points(members), filters, title=title, on_directory=True)
