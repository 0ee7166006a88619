"""Short lists of articles shown on other pages (home, cluster pages, profiles, related articles)."""

from functools import partial

from core.fragments import in_order, remembered_rows

from .models import Article


def remembered_articles(name, articles, *scope):
    """A few articles (`articles`, an ordered, sliced queryset) drawn as cards: which ones is
    remembered per content generation (finding them walks the articles of a cluster, a member or
    the whole site in date order), and the rows are read only when cards must be drawn."""
    return remembered_rows(
        name,
        articles.values_list("pk", flat=True),
        partial(in_order, Article.objects.published().for_cards()),
        *scope,
        direct=articles.for_cards(),
    )
