"""The member directory's filters and facet counts (core.filtering.ListFilter).

`cluster` (slug), `country` (ISO alpha-2, either case) and `kind` may repeat: OR within a
parameter, AND across parameters. `q` searches name, locality and description.
"""

import functools

import django_filters
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.aggregates import remember
from core.filtering import NOT_A_CHOICE, ListFilter
from search.engine import filter_members

from .models import Kind, Member, Membership

MAX_QUERY_WORDS = 8


def search_members(queryset, text):
    """Members matching `text` with the site search's machinery (full text on PostgreSQL,
    accent-insensitive word starts on SQLite), so the directory and /search/ agree."""
    return filter_members(queryset, " ".join(text.split()[:MAX_QUERY_WORDS]))


@functools.cache
def _country_names(language):
    """{code: name} in `language`: django-countries translates a name on each call, and the facets
    name up to 250 countries per page."""
    return {code: str(name) for code, name in countries}


class MemberFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    cluster = django_filters.MultipleChoiceFilter(
        label=_("Cluster"), method="filter_cluster", error_messages=NOT_A_CHOICE
    )
    country = django_filters.MultipleChoiceFilter(
        label=_("Country"),
        method="filter_country",
        choices=lambda: list(_country_names(get_language()).items()),
        error_messages={"invalid_choice": _("it is not a two-letter country code.")},
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("Kind"), method="filter_kind", choices=Kind.choices, error_messages=NOT_A_CHOICE
    )
    value_case = {"cluster": str.lower, "country": str.upper, "kind": str.lower}
    faceted = ("cluster", "country", "kind")
    legends = {"kind": _("Kind of member")}

    class Meta:
        model = Member
        fields = ["q", "cluster", "country", "kind"]

    def __init__(self, data=None, queryset=None, *, clusters=(), request=None):
        """`clusters`: the published clusters, in display order (the cluster options)."""
        self.clusters = list(clusters)
        choices = {"cluster": [(cluster.slug, cluster.short_name) for cluster in self.clusters]}
        super().__init__(data, queryset, choices=choices, request=request)

    # Filters -------------------------------------------------------------------------------------

    def filter_q(self, queryset, name, value):
        return search_members(queryset, value)

    def filter_cluster(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.filter(cluster__slug__in=value).values("member_id"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=value)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind__in=value)

    # Facets and chips ----------------------------------------------------------------------------

    def facet_counts(self):
        """{parameter: {value: members}}, each with the other parameters' filters applied.

        One aggregate query per parameter, whatever the number of options; none when remembered
        for these filters (core.aggregates).
        """
        scope = self.scope
        if scope is None:
            return self._facet_counts()
        return remember("directory.facets", self._facet_counts, scope)

    def _facet_counts(self):
        self.errors  # noqa: B018 -- validates the form, filling cleaned_data
        published_cluster_ids = {cluster.pk: cluster.slug for cluster in self.clusters}
        by_cluster = (
            Membership.objects.filter(
                cluster_id__in=published_cluster_ids,
                member_id__in=self.queryset_without("cluster").order_by().values("pk"),
            )
            .values_list("cluster_id")
            .annotate(members=Count("member_id"))
            .order_by()
        )
        by_country = self.queryset_without("country").order_by().values_list("country").annotate(members=Count("pk"))
        by_kind = self.queryset_without("kind").order_by().values_list("kind").annotate(members=Count("pk"))
        return {
            "cluster": {published_cluster_ids[pk]: count for pk, count in by_cluster},
            "country": dict(by_country),
            "kind": dict(by_kind),
        }
