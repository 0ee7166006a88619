"""Short lists of good practices shown on other pages (home, cluster pages, profiles)."""

from functools import partial

from core.fragments import built, in_order, remembered_rows

from .models import Solution


def remembered_solutions(name, solutions, *scope):
    """A few solutions (`solutions`: a function building an ordered, sliced queryset, called only when
    the pick is not remembered) drawn as cards: which ones is remembered per content generation, and
    the rows, with their lead member and goals, are read only when cards must be drawn."""
    return remembered_rows(
        name,
        lambda: built(solutions).values_list("pk", flat=True),
        partial(in_order, Solution.objects.for_cards().with_card_relations()),
        *scope,
    )
