"""Background work of the exchange (Django's tasks framework; `manage.py db_worker` runs it)."""

from django.db import transaction
from django.tasks import task


@task
def compute_suggestions(post_id):
    """Rank what complements a post (matching.compute) and store it as its suggestions."""
    from . import matching
    from .models import Post

    post = Post.objects.filter(pk=post_id).first()
    if post is not None:
        matching.compute(post)


def suggest_after_commit(post):
    """Queue the suggestions of `post` once the current transaction has committed (a post is
    approved, or an editor publishes one)."""
    post_id = post.pk
    transaction.on_commit(lambda: compute_suggestions.enqueue(post_id), robust=True)
