"""Suggested matches: for an open post, complementary posts, solutions and members, with reasons."""


def compute(post):
    """Replace the post's undecided suggestions with freshly ranked ones; returns them."""
    return []


def describe(suggestion):
    """The suggestion's reasons in the active language, as a list of short phrases."""
    return []
