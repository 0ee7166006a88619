"""The events list's filters (core.filtering.ListFilter): cluster, kind, upcoming or past, and year.

`cluster` and `kind` may repeat: OR within a parameter, AND across parameters.
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filtering import NOT_A_CHOICE, ListFilter, RelatedFilter, YearFilter
from search.engine import filter_events

from .models import Event, EventKind

WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]


class EventFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    cluster = RelatedFilter(label=_("Cluster"), field_name="clusters__slug", error_messages=NOT_A_CHOICE)
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, distinct=False, error_messages=NOT_A_CHOICE
    )
    when = django_filters.ChoiceFilter(
        label=_("When"), choices=WHEN_CHOICES, method="filter_when", error_messages=NOT_A_CHOICE
    )
    year = YearFilter(label=_("Year"), field_name="starts_at")
    value_case = {"cluster": str.lower, "kind": str.lower, "when": str.lower}

    class Meta:
        model = Event
        fields = ["q", "cluster", "kind", "when", "year"]

    def __init__(self, data, queryset, *, clusters, now=None):
        """`clusters`: the options, from the list the view has loaded anyway."""
        self.now = now or timezone.now()
        super().__init__(
            data, queryset, choices={"cluster": [(cluster.slug, cluster.short_name) for cluster in clusters]}
        )

    def filter_q(self, queryset, name, value):
        """With the site search's machinery, so /events/?q= and /search/ agree."""
        return filter_events(queryset, value)

    def filter_when(self, queryset, name, value):
        """Upcoming soonest first, past latest first. Same boundary as Event.is_upcoming: an event
        is upcoming until it ends."""
        if value == "upcoming":
            return queryset.filter(ends_at__gte=self.now).order_by("starts_at", "pk")
        return queryset.filter(ends_at__lt=self.now).order_by("-starts_at", "-pk")
