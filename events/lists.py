"""Short lists of events shown on other pages (home, cluster pages)."""

from functools import partial

from clusters.models import card_clusters
from core.fragments import built, in_order, remembered_rows

from .models import Event


def remembered_events(name, events, *scope):
    """A few events (`events`: a function building an ordered, sliced queryset, called only when the
    pick is not remembered) picked by walking the events in date order: at 5,000 events the
    upcoming ones sit behind every past one. The pick is remembered until content changes or the
    next event ends (core.page_cache.next_scheduled_change)."""
    return remembered_rows(
        name,
        lambda: built(events).values_list("pk", flat=True),
        partial(in_order, Event.objects.published().prefetch_related(card_clusters())),
        *scope,
    )
