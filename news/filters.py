"""The news list's filters: cluster, category, year and a text query."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtering import NOT_A_CHOICE, YearFilter
from search.engine import filter_articles

from .models import Article

QUERY_MAX_LENGTH = 200


def search_articles(queryset, q):
    """Articles matching `q` with the site search's machinery, so /news/?q= and /search/ agree."""
    return filter_articles(queryset, q)


class ArticleFilter(django_filters.FilterSet):
    """Choices come from lists the view has already loaded, so validating costs no query."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=QUERY_MAX_LENGTH)
    cluster = django_filters.ChoiceFilter(
        label=_("Cluster"), field_name="clusters__slug", empty_label=_("All clusters"), error_messages=NOT_A_CHOICE
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), field_name="categories__slug", empty_label=_("All categories"), error_messages=NOT_A_CHOICE
    )
    year = YearFilter(label=_("Year"), field_name="published_at")

    class Meta:
        model = Article
        fields = ["q", "cluster", "category", "year"]

    def __init__(self, data, queryset, *, clusters, categories):
        super().__init__(data, queryset)
        self.filters["cluster"].extra["choices"] = [(c.slug, c.short_name) for c in clusters]
        self.filters["category"].extra["choices"] = [(c.slug, c.name) for c in categories]

    def filter_q(self, queryset, name, value):
        return search_articles(queryset, value.strip()) if value.strip() else queryset
