"""The news list's filters (core.filtering.ListFilter): cluster, category, year and a text query.

`cluster` and `category` may repeat: OR within a parameter, AND across parameters.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtering import NOT_A_CHOICE, ListFilter, RelatedFilter, YearFilter
from search.engine import filter_articles

from .models import Article


class ArticleFilter(ListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    cluster = RelatedFilter(label=_("Cluster"), field_name="clusters__slug", error_messages=NOT_A_CHOICE)
    category = RelatedFilter(label=_("Category"), field_name="categories__slug", error_messages=NOT_A_CHOICE)
    year = YearFilter(label=_("Year"), field_name="published_at")
    value_case = {"cluster": str.lower, "category": str.lower}

    class Meta:
        model = Article
        fields = ["q", "cluster", "category", "year"]

    def __init__(self, data, queryset, *, clusters, categories):
        """`clusters` and `categories`: the options, from lists the view has loaded anyway."""
        choices = {
            "cluster": [(cluster.slug, cluster.short_name) for cluster in clusters],
            "category": [(category.slug, category.name) for category in categories],
        }
        super().__init__(data, queryset, choices=choices)

    def filter_q(self, queryset, name, value):
        """With the site search's machinery, so /news/?q= and /search/ agree."""
        return filter_articles(queryset, value)
