from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import images
from core.fields import RichTextField
from core.publishing import Publishable, PublishableQuerySet, Status, status_constraint


class ClusterQuerySet(PublishableQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_member_count(self):
        """Each cluster with `member_count`: its published members only."""
        return self.annotate(
            member_count=models.Count(
                "memberships",
                filter=models.Q(
                    memberships__member__status=Status.PUBLISHED,
                    memberships__member__published_at__lte=timezone.now(),
                ),
            )
        )


class Cluster(Publishable):
    """A thematic group of cities and organisations that share practice."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True, help_text=_('e.g. "Transport"'))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    intro = models.TextField(_("intro"), max_length=600, help_text=_("One or two plain sentences shown on cards."))
    description = RichTextField(_("description"), blank=True)
    hero_image = models.ImageField(_("hero image"), upload_to="clusters/", blank=True)
    hero_caption = models.CharField(_("hero caption"), max_length=300, blank=True)
    hero_credit = models.CharField(_("hero credit"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    hero_large = images.fill("hero_image", *images.HERO)
    hero_small = images.fill("hero_image", *images.HERO_SMALL)
    thumbnail = images.fill("hero_image", *images.THUMB)

    objects = ClusterQuerySet.as_manager()
    # `history` (who changed what and when, every language included) is registered in translation.py,
    # after the translated columns exist, so each version keeps every translation.

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [status_constraint("cluster")]
        indexes = [models.Index(fields=["status", "published_at"], name="cluster_public_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clusters:detail", kwargs={"slug": self.slug})
