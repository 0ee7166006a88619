"""Publication state shared by everything the public can see.

Every public model inherits `Publishable`; its manager's `published()` is the only
way views reach content, so no view can forget a draft or a future-dated item.
"""

from django.db import models
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import page_cache
from .content_language import SavedInSourceLanguage


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def scheduled(now=None):
    """Published, but its publication date is still to come: it goes public then, with no save."""
    return models.Q(status=Status.PUBLISHED, published_at__gt=now or timezone.now())


class PublishableQuerySet(page_cache.ContentQuerySet):
    def published(self):
        """What the public may see: published, and the publication time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def publish(self):
        return self.update(status=Status.PUBLISHED)

    def published_sql(self, connection):
        """`published()` as an SQL condition on this model's table and its parameters, for a statement
        written by hand (the site search's ranking, search/engine.py)."""
        status, published_at = (
            connection.ops.quote_name(self.model._meta.get_field(name).column) for name in ("status", "published_at")
        )
        return f"{status} = %s AND {published_at} <= %s", (Status.PUBLISHED.value, timezone.now())

    def unpublish(self):
        return self.update(status=Status.DRAFT)

    def next_publication(self, now):
        """When the next published item whose date has not come goes public (None: none is scheduled),
        for the page cache's schedule (core.page_cache.watch)."""
        return self.filter(scheduled(now)).aggregate(at=Min("published_at"))["at"]


class Publishable(SavedInSourceLanguage, models.Model):
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("Hidden from the public until this moment, even when published."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()


def status_constraint(model_name):
    """A database guard that the status column holds a known value."""
    return models.CheckConstraint(
        condition=models.Q(status__in=Status.values),
        name=f"{model_name}_status_valid",
    )
