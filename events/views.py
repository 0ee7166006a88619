import itertools
from functools import partial

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from clusters.models import Cluster, card_clusters
from core.aggregates import remember
from core.filtering import with_chosen_year
from core.fragments import Rows
from core.page_cache import cacheable
from core.paging import paginate

from .calendar import calendar_bytes
from .filters import WHEN_CHOICES, EventFilter
from .models import Event, EventKind

PER_PAGE = 12


def _groups(page_obj, scope):
    """The page's events as [(upcoming, Rows)], upcoming first, in listing order, each with the
    clusters its card shows (clusters.models.card_clusters: two queries).

    Listing order puts upcoming events first, which no index gives: at 5,000 events the page's
    query sorts every published event (8 ms). So the page's ids and ends are picked once per
    content generation and filters (the schedule ends the pick when the next event ends), and
    the rows are read only to draw cards that are not remembered. A text search is read afresh.
    """
    if scope is None:
        found = {event.pk: event for event in page_obj.object_list.prefetch_related(card_clusters())}  # a text search
        picked = [(event.pk, event.ends_at) for event in found.values()]
    else:
        pick = page_obj.object_list.values_list("pk", "ends_at")
        picked = remember("events.page", lambda: list(pick), scope, page_obj.number)
        found = {}

    def read(keys):  # one query for both groups, and only if a card must be drawn
        if not found:
            events = Event.objects.published().prefetch_related(card_clusters())
            found.update(events.in_bulk([pk for pk, _ends in picked]))
        return [found[key] for key in keys if key in found]

    now = timezone.now()
    groups = []
    for upcoming, rows in itertools.groupby(picked, key=lambda row: row[1] >= now):
        keys = [pk for pk, _ends in rows]
        groups.append((upcoming, Rows(keys, partial(read, keys))))
    return groups


@cacheable
@require_safe
def event_list(request):
    now = timezone.now()
    clusters = list(Cluster.objects.published().only("name", "short_name", "slug", "order"))
    filterset = EventFilter(request.GET, Event.objects.published().in_listing_order(now), clusters=clusters, now=now)
    page_obj, context = paginate(request, filterset, PER_PAGE)
    years = remember(
        "events.years", lambda: [day.year for day in Event.objects.published().dates("starts_at", "year", order="DESC")]
    )
    context |= {
        "groups": _groups(page_obj, filterset.scope),
        "clusters": clusters,
        "kinds": EventKind.choices,
        "when_choices": WHEN_CHOICES,
        "years": with_chosen_year(years, filterset),
    }
    return render(request, "events/event_list.html", context)


@cacheable
@require_safe
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return render(request, "events/event_detail.html", event_context(event))


def event_context(event):
    """What the event's page shows (also its staff preview, events/admin.py)."""
    return {"event": event, **event.page_relations()}


@cacheable
@require_safe
def event_ics(request, slug):
    """One event as an iCalendar file, for "add to calendar"."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return HttpResponse(
        calendar_bytes([event]),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, f"{event.slug}.ics")},
    )
