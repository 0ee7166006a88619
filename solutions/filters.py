"""The good-practice library's filters and facet counts (core.filtering.ListFilter).

`cluster` (slug), `sdg` (a goal, `11`, or a target, `11.2`), `country` (ISO alpha-2, either case)
and `status` (ongoing, completed, scaling) may repeat: OR within a parameter, AND across
parameters. `q` searches the title, summary and texts.

A solution's countries are its lead member's, its partners' and any an editor added.
"""

from collections import Counter

import django_filters
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.aggregates import remember
from core.filtering import NOT_A_CHOICE, ListFilter, RelatedFilter
from members.filters import _country_names
from search.engine import filter_queryset

from .models import Solution, Stage, Target


class SdgFilter(django_filters.MultipleChoiceFilter):
    """`sdg`: items tagged with a target of any chosen goal (`11`) or with any chosen target (`11.2`),
    through the model's `targets`; one subquery, so the list keeps its order with no DISTINCT. The
    good-practice library and the exchange filter with it (its choices: `sdg_choices`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("SDG"))
        kwargs.setdefault("error_messages", NOT_A_CHOICE)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        goals = [code for code in value if "." not in code]
        targets = [code for code in value if "." in code]
        chosen = Target.objects.filter(Q(goal_id__in=goals) | Q(code__in=targets))
        relation = qs.model._meta.get_field("targets")
        tagged = relation.remote_field.through.objects.filter(target__in=chosen)
        return qs.filter(pk__in=tagged.values(f"{relation.m2m_field_name()}_id"))


def sdg_choices(goals, targets):
    """The `sdg` parameter's options: each goal (`11`, named) and each target code (`11.2`)."""
    return [(goal.code, f"{goal.number}. {goal.short}") for goal in goals] + [
        (code, _("Target %(code)s") % {"code": code}) for code in targets
    ]


def goal_counts(queryset):
    """{goal number as text: items of `queryset` tagged with any of its targets}: one query."""
    relation = queryset.model._meta.get_field("targets")
    owner = f"{relation.m2m_field_name()}_id"
    counts = (
        relation.remote_field.through.objects.filter(**{f"{owner}__in": queryset.order_by().values("pk")})
        .values_list("target__goal_id")
        .annotate(items=Count(owner, distinct=True))
        .order_by()
    )
    return {str(goal): count for goal, count in counts}


def in_countries(codes):
    """Solutions whose lead member, a partner or an added country is one of `codes`."""
    added = Q()
    for code in codes:  # stored as "BR,CL" (django-countries, multiple=True)
        added |= Q(extra_countries__regex=rf"(^|,){code}(,|$)")
    return Q(lead_member__country__in=codes) | Q(partners__country__in=codes) | added


class SolutionFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    cluster = RelatedFilter(label=_("Cluster"), field_name="clusters__slug", error_messages=NOT_A_CHOICE)
    sdg = SdgFilter()
    country = django_filters.MultipleChoiceFilter(
        label=_("Country"),
        method="filter_country",
        choices=lambda: list(_country_names(get_language()).items()),
        error_messages={"invalid_choice": _("it is not a two-letter country code.")},
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), method="filter_status", choices=Stage.choices, error_messages=NOT_A_CHOICE
    )
    value_case = {"cluster": str.lower, "sdg": str.lower, "country": str.upper, "status": str.lower}
    legends = {"sdg": _("Sustainable Development Goal")}
    faceted = ("cluster", "sdg", "country", "status")

    class Meta:
        model = Solution
        fields = ["q", "cluster", "sdg", "country", "status"]

    def __init__(self, data=None, queryset=None, *, clusters=(), goals=(), targets=(), request=None):
        """`clusters`, `goals` and `targets` (codes): the options, from lists the view loaded anyway."""
        self.clusters = list(clusters)
        self.goals = list(goals)
        choices = {
            "cluster": [(cluster.slug, cluster.short_name) for cluster in self.clusters],
            "sdg": sdg_choices(self.goals, targets),
        }
        super().__init__(data, queryset, choices=choices, request=request)

    # Filters -------------------------------------------------------------------------------------

    def filter_q(self, queryset, name, value):
        return filter_queryset(queryset, value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(pk__in=Solution.objects.filter(in_countries(value)).values("pk"))

    def filter_status(self, queryset, name, value):
        return queryset.filter(stage__in=value)

    # Facets ----------------------------------------------------------------------------------------

    def facet_counts(self):
        """{parameter: {value: solutions}}, each with the other parameters' filters applied;
        remembered per content generation unless searching (core.aggregates)."""
        scope = self.scope
        if scope is None:
            return self._facet_counts()
        return remember("solutions.facets", self._facet_counts, scope)

    def _facet_counts(self):
        self.errors  # noqa: B018 -- validates the form, filling cleaned_data
        cluster_slugs = {cluster.pk: cluster.slug for cluster in self.clusters}
        by_cluster = (
            Solution.clusters.through.objects.filter(
                cluster_id__in=cluster_slugs, solution_id__in=self.queryset_without("cluster").order_by().values("pk")
            )
            .values_list("cluster_id")
            .annotate(solutions=Count("solution_id"))
            .order_by()
        )
        by_stage = self.queryset_without("status").order_by().values_list("stage").annotate(solutions=Count("pk"))
        return {
            "cluster": {cluster_slugs[pk]: count for pk, count in by_cluster},
            "sdg": goal_counts(self.queryset_without("sdg")),
            "country": self._country_counts(),
            "status": dict(by_stage),
        }

    def _country_counts(self):
        """Solutions per country: its lead member's, its partners' and those added, once each."""
        solutions = self.queryset_without("country").order_by()
        pairs = set(solutions.values_list("pk", "lead_member__country"))
        pairs |= set(solutions.filter(partners__isnull=False).values_list("pk", "partners__country"))
        for pk, added in solutions.exclude(extra_countries="").values_list("pk", "extra_countries"):
            pairs |= {(pk, str(code)) for code in added}
        return dict(Counter(str(code) for _pk, code in pairs))
