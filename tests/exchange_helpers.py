"""Exchange posts for the interest, matching and admin tests."""

import itertools

from exchange.models import Post, PostState, PostType

from .factories import PAST, MemberFactory

_numbers = itertools.count()


def make_post(*, member=None, type=PostType.SEEKING_EXPERTISE, clusters=(), targets=(), languages=(), **fields):
    number = next(_numbers)
    fields.setdefault("title", f"Post {number}")
    fields.setdefault("slug", f"post-{number}")
    fields.setdefault("description", "A city wants to work with others.")
    fields.setdefault("details", "Expertise and a visit.")
    fields.setdefault("status", "published")
    fields.setdefault("published_at", PAST)
    fields.setdefault("state", PostState.OPEN)
    post = Post.objects.create(
        member=member or MemberFactory(contact_email=f"contact{number}@member.example"), type=type, **fields
    )
    post.clusters.set(clusters)
    post.targets.set(targets)
    post.languages.set(languages)
    return post
