from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from core.fields import RichTextField
from core.publishing import Publishable, status_constraint
from core.urls import reverse_slug

# The pages every page's footer links to (templates/base.html), at the addresses they keep.
FOOTER_PAGES = ("about", "contact", "privacy", "accessibility")


class Page(Publishable):
    """A page staff write, such as About, Contact, Privacy or Accessibility, at `/<slug>/`."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        help_text=_(
            "The page lives at /<address>/; about, contact, privacy and accessibility are linked from every page."
        ),
    )
    summary = models.TextField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences: search results and link previews.")
    )
    body = RichTextField(_("body"), blank=True)
    # Full-text document for the site search, kept by a PostgreSQL trigger (search/migrations/0006).
    search_vector = SearchVectorField(null=True, editable=False)

    # `history` is registered in translation.py, after the translated columns exist.

    class Meta:
        ordering = ["title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [status_constraint("page")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("pages:detail", self.slug)

    def clean(self):
        super().clean()
        if self.slug and self._address_taken():
            raise ValidationError({"slug": _("This address belongs to another part of the site; choose another.")})

    def _address_taken(self):
        """Whether /<slug>/ is a language's prefix or another page of the site, which come first."""
        if self.slug.lower() in {code.lower() for code, _name in settings.LANGUAGES}:
            return True
        try:
            return resolve(f"/{self.slug}/").view_name != "pages:detail"
        except Resolver404:
            return False
