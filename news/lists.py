"""Short lists of articles shown on other pages (home, cluster pages, profiles, related articles)."""

from functools import partial

from core.fragments import built, in_order, remembered_rows

from .models import Article


def remembered_articles(name, articles, *scope):
    """A few articles (`articles`: a function building an ordered, sliced queryset, called only when
    the pick is not remembered) drawn as cards: which ones is remembered per content generation
    (finding them walks the articles of a cluster, a member or the whole site in date order), and
    the rows are read only when cards must be drawn. Building the queryset alone cost about 0.3 ms."""
    return remembered_rows(
        name,
        lambda: built(articles).values_list("pk", flat=True),
        partial(in_order, Article.objects.published().for_cards()),
        *scope,
    )
