"""The member directory's filters and facet counts.

`cluster` (slug), `country` (ISO alpha-2, either case) and `kind` may repeat: OR within a
parameter, AND across parameters. `q` searches name, locality and description.

Unknown or malformed values are ignored, each with a notice shown above the results, so a shared
or outdated link still lists members instead of failing. The whole state lives in the query string.
"""

import functools
import unicodedata
from dataclasses import dataclass

import django_filters
from django.db.models import Count
from django.utils.datastructures import MultiValueDict
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.aggregates import remember
from search.engine import filter_members

from .models import Kind, Member, Membership

MULTI_PARAMETERS = ("cluster", "country", "kind")
# More distinct values than this in one parameter are not a real query; the rest are ignored.
MAX_VALUES = 50
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8


def search_members(queryset, text):
    """Members matching `text` with the site search's machinery (full text on PostgreSQL,
    accent-insensitive word starts on SQLite), so the directory and /search/ agree."""
    return filter_members(queryset, " ".join(text.split()[:MAX_QUERY_WORDS]))


def _clean_text(value):
    """Without NUL and other control characters (which no one types and PostgreSQL refuses), or
    lone surrogates; runs of white space become one space."""
    kept = "".join(" " if unicodedata.category(ch) in {"Cc", "Cs"} else ch for ch in value)
    return " ".join(kept.split())


@functools.cache
def _country_names(language):
    return {code: str(name) for code, name in countries}


def country_name(code):
    """The country's name in the active language. django-countries translates the name on each
    call; the facets name up to 250 countries per page, so the names are kept per language."""
    return _country_names(get_language()).get(code, code)


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Chip:
    parameter: str
    label: str
    remove_query: str


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    cluster = django_filters.MultipleChoiceFilter(label=_("Cluster"), method="filter_cluster")
    country = django_filters.MultipleChoiceFilter(
        label=_("Country"), method="filter_country", choices=lambda: list(countries)
    )
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), method="filter_kind", choices=Kind.choices)

    class Meta:
        model = Member
        fields = ["q", "cluster", "country", "kind"]

    def __init__(self, data=None, *args, clusters=(), **kwargs):
        """`clusters`: the published clusters, in display order (the cluster options)."""
        self.clusters = list(clusters)
        self.notices = []
        self.state = self._normalise(data or {})
        super().__init__(MultiValueDict(self.state), *args, **kwargs)
        self.filters["cluster"].extra["choices"] = [(cluster.slug, cluster.name) for cluster in self.clusters]

    # Input ---------------------------------------------------------------------------------------

    def _normalise(self, data):
        """The query string reduced to valid, de-duplicated values; a notice for each thing dropped."""
        valid = {
            "cluster": {cluster.slug for cluster in self.clusters},
            "country": {code for code, _name in countries},
            "kind": set(Kind.values),
        }
        case = {"cluster": str.lower, "country": str.upper, "kind": str.lower}
        state = {}
        for parameter in MULTI_PARAMETERS:
            raw_values = data.getlist(parameter) if hasattr(data, "getlist") else data.get(parameter, [])
            kept, unknown = [], []
            for raw in raw_values:
                value = case[parameter](_clean_text(raw))
                if not value:
                    continue
                if value in valid[parameter]:
                    if value not in kept:
                        kept.append(value)
                elif value not in unknown:
                    unknown.append(value)
            if len(kept) > MAX_VALUES:
                self.notices.append(
                    gettext("Only the first %(limit)s values of “%(parameter)s” were used.")
                    % {"limit": MAX_VALUES, "parameter": parameter}
                )
                kept = kept[:MAX_VALUES]
            if unknown:
                self.notices.append(self._unknown_notice(parameter, unknown))
            state[parameter] = kept

        query = data.get("q", "") if hasattr(data, "get") else ""
        query = _clean_text(query if isinstance(query, str) else "")
        if len(query) > MAX_QUERY_LENGTH:
            query = query[:MAX_QUERY_LENGTH].strip()
            self.notices.append(
                gettext("The search was cut to its first %(limit)s characters.") % {"limit": MAX_QUERY_LENGTH}
            )
        state["q"] = [query] if query else []
        return state

    @staticmethod
    def _unknown_notice(parameter, unknown):
        shown = ", ".join(f"“{Truncator(value).chars(40)}”" for value in unknown[:5])
        if len(unknown) > 5:
            shown += " " + gettext("and %(count)s more") % {"count": len(unknown) - 5}
        messages = {
            "cluster": ngettext(
                "There is no cluster %(values)s, so it was ignored.",
                "There are no clusters %(values)s, so they were ignored.",
                len(unknown),
            ),
            "country": ngettext(
                "%(values)s is not a two-letter country code, so it was ignored.",
                "%(values)s are not two-letter country codes, so they were ignored.",
                len(unknown),
            ),
            "kind": ngettext(
                "%(values)s is not a kind of member, so it was ignored.",
                "%(values)s are not kinds of member, so they were ignored.",
                len(unknown),
            ),
        }
        return messages[parameter] % {"values": shown}

    # Filters -------------------------------------------------------------------------------------

    def filter_q(self, queryset, name, value):
        return search_members(queryset, value)

    def filter_cluster(self, queryset, name, value):
        return queryset.filter(pk__in=Membership.objects.filter(cluster__slug__in=value).values("member_id"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=value)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(kind__in=value)

    def queryset_without(self, excluded):
        """The members that every active filter except `excluded` lets through (for its facet)."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != excluded:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # Facets and chips ----------------------------------------------------------------------------

    @property
    def aggregate_scope(self):
        """What names this listing's counts in core.aggregates: the normalised filters. None for a
        text search, whose endless variety would only fill the cache."""
        return None if self.state["q"] else self.query_string(page=None)

    def count(self):
        """The number of members listed; remembered per content generation unless searching."""
        scope = self.aggregate_scope
        return self.qs.count() if scope is None else remember("directory.count", self.qs.count, scope)

    def facet_counts(self):
        """{parameter: {value: members}}, each with the other parameters' filters applied.

        One aggregate query per parameter, whatever the number of options; none when remembered
        for these filters (core.aggregates).
        """
        scope = self.aggregate_scope
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

    def facets(self):
        """The options of each parameter, with counts; options giving no members are left out unless chosen."""
        counts = self.facet_counts()
        countries = _country_names(get_language())
        labels = {
            "cluster": {cluster.slug: cluster.short_name for cluster in self.clusters},
            "kind": {value: str(label) for value, label in Kind.choices},
        }
        ordered = {
            "cluster": [cluster.slug for cluster in self.clusters],
            "kind": list(Kind.values),
            "country": sorted(
                set(counts["country"]) | set(self.state["country"]), key=lambda code: countries.get(code, code)
            ),
        }
        facets = {}
        for parameter in MULTI_PARAMETERS:
            options = []
            for value in ordered[parameter]:
                count = counts[parameter].get(value, 0)
                selected = value in self.state[parameter]
                if count or selected:
                    label = labels[parameter][value] if parameter in labels else countries.get(value, value)
                    options.append(Option(value=value, label=label, count=count, selected=selected))
            facets[parameter] = options
        return facets

    def query_string(self, **changes):
        """The normalised state as a query string, with some parameters replaced (None drops one)."""
        params = {**self.state, **changes}
        pairs = [(key, value) for key in ("q", *MULTI_PARAMETERS, "page") for value in params.get(key) or []]
        return urlencode(pairs)

    def chips(self):
        """One removable chip per active value, in the order of the form."""
        cluster_names = {cluster.slug: cluster.short_name for cluster in self.clusters}
        kind_names = dict(Kind.choices)
        chips = []
        if self.state["q"]:
            chips.append(
                Chip("q", gettext("Search: “%(text)s”") % {"text": self.state["q"][0]}, self.query_string(q=None))
            )
        for parameter in MULTI_PARAMETERS:
            for value in self.state[parameter]:
                if parameter == "cluster":
                    label = cluster_names[value]
                elif parameter == "country":
                    label = country_name(value)
                else:
                    label = str(kind_names[value])
                remaining = [other for other in self.state[parameter] if other != value]
                chips.append(Chip(parameter, label, self.query_string(**{parameter: remaining})))
        return chips

    @property
    def is_active(self):
        return any(self.state.values())
