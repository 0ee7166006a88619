"""The events list's filters: cluster, kind, upcoming or past, and year."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filtering import NOT_A_CHOICE, YearFilter

from .models import Event, EventKind

WHEN_CHOICES = [("upcoming", _("Upcoming")), ("past", _("Past"))]


class EventFilter(django_filters.FilterSet):
    cluster = django_filters.ChoiceFilter(
        label=_("Cluster"), field_name="clusters__slug", empty_label=_("All clusters"), error_messages=NOT_A_CHOICE
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventKind.choices, empty_label=_("All kinds"), error_messages=NOT_A_CHOICE
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=WHEN_CHOICES,
        method="filter_when",
        empty_label=_("Any time"),
        error_messages=NOT_A_CHOICE,
    )
    year = YearFilter(label=_("Year"), field_name="starts_at")

    class Meta:
        model = Event
        fields = ["cluster", "kind", "when", "year"]

    def __init__(self, data, queryset, *, clusters, now=None):
        super().__init__(data, queryset)
        self.now = now or timezone.now()
        self.filters["cluster"].extra["choices"] = [(c.slug, c.short_name) for c in clusters]

    def filter_when(self, queryset, name, value):
        # Same boundary as Event.is_upcoming: an event is upcoming until it ends.
        if value == "upcoming":
            return queryset.filter(ends_at__gte=self.now)
        return queryset.filter(ends_at__lt=self.now)
