"""The exchange's filters and facet counts (core.filtering.ListFilter), as the good-practice library's.

`type`, `cluster` (slug), `sdg` (a goal, `11`, or a target, `11.2`), `country` (ISO alpha-2, either
case: the country of the post's member), `format` (study-visit, expert-mission, online, workshop) and
`language` (a working language's code) may repeat: OR within a parameter, AND across parameters.
`q` searches the title, the description and what is sought or offered.
"""

import django_filters
from django.conf import settings
from django.db.models import Count
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.aggregates import remember
from core.filtering import NOT_A_CHOICE, ListFilter, RelatedFilter
from members.filters import _country_names
from search.engine import filter_queryset
from solutions.filters import SdgFilter, goal_counts, sdg_choices

from .models import FormatCode, Post, PostType


class PostFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    type = django_filters.MultipleChoiceFilter(
        label=_("Type"), method="filter_type", choices=PostType.choices, error_messages=NOT_A_CHOICE
    )
    cluster = RelatedFilter(label=_("Cluster"), field_name="clusters__slug", error_messages=NOT_A_CHOICE)
    sdg = SdgFilter()
    country = django_filters.MultipleChoiceFilter(
        label=_("Country"),
        method="filter_country",
        choices=lambda: list(_country_names(get_language()).items()),
        error_messages={"invalid_choice": _("it is not a two-letter country code.")},
    )
    format = RelatedFilter(
        label=_("Format"), field_name="formats__code", choices=FormatCode.choices, error_messages=NOT_A_CHOICE
    )
    language = RelatedFilter(
        label=_("Working language"),
        field_name="languages__code",
        choices=settings.LANGUAGES,
        error_messages=NOT_A_CHOICE,
    )
    legends = {"sdg": _("Sustainable Development Goal"), "format": _("Preferred format")}
    faceted = ("type", "cluster", "sdg", "country", "format", "language")
    value_case = {
        "type": str.lower,
        "cluster": str.lower,
        "sdg": str.lower,
        "country": str.upper,
        "format": str.lower,
        "language": str.lower,
    }

    class Meta:
        model = Post
        fields = ["q", "type", "cluster", "sdg", "country", "format", "language"]

    def __init__(self, data=None, queryset=None, *, clusters=(), goals=(), targets=(), request=None):
        """`clusters`, `goals` and `targets` (codes): the options, from lists the view loaded anyway."""
        self.clusters = list(clusters)
        self.goals = list(goals)
        choices = {
            "cluster": [(cluster.slug, cluster.short_name) for cluster in self.clusters],
            "sdg": sdg_choices(self.goals, targets),
        }
        super().__init__(data, queryset, choices=choices, request=request)

    def filter_q(self, queryset, name, value):
        return filter_queryset(queryset, value)

    def filter_type(self, queryset, name, value):
        return queryset.filter(type__in=value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(member__country__in=value)

    # Facets ----------------------------------------------------------------------------------------

    def facet_counts(self):
        """{parameter: {value: posts}}, each with the other parameters' filters applied; one query per
        parameter, remembered per content generation unless searching (core.aggregates)."""
        scope = self.scope
        if scope is None:
            return self._facet_counts()
        return remember("exchange.facets", self._facet_counts, scope)

    def _facet_counts(self):
        self.errors  # noqa: B018 -- validates the form, filling cleaned_data
        cluster_slugs = {cluster.pk: cluster.slug for cluster in self.clusters}
        return {
            "type": self._grouped("type", "type"),
            "cluster": {
                cluster_slugs[pk]: count
                for pk, count in self._through_counts("clusters", "cluster", cluster_id__in=cluster_slugs)
            },
            "sdg": goal_counts(self.queryset_without("sdg")),
            "country": self._grouped("country", "member__country"),
            "format": dict(self._through_counts("formats", "format")),
            "language": dict(self._through_counts("languages", "language")),
        }

    def _grouped(self, parameter, column):
        posts = self.queryset_without(parameter).order_by()
        return {str(value): count for value, count in posts.values_list(column).annotate(posts=Count("pk"))}

    def _through_counts(self, relation, parameter, **where):
        """(related pk, posts) over the many-to-many table of `relation`, for the facet of `parameter`."""
        field = Post._meta.get_field(relation)
        through = field.remote_field.through
        related = f"{field.m2m_reverse_field_name()}_id"
        posts = self.queryset_without(parameter).order_by().values("pk")
        return (
            through.objects.filter(post_id__in=posts, **where)
            .values_list(related)
            .annotate(posts=Count("post_id"))
            .order_by()
        )
