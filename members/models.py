from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core import images
from core.page_cache import ContentQuerySet
from core.publishing import Publishable, PublishableQuerySet, status_constraint
from core.urls import reverse_slug


class Kind(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District or municipality")
    REGIONAL_GOVERNMENT = "regional", _("Regional government")
    NATIONAL_AGENCY = "agency", _("National agency")
    COMPANY = "company", _("Company")
    ACADEMIC = "academic", _("Academic or research")
    CIVIL_SOCIETY = "civil", _("Civil society")
    INTERNATIONAL = "international", _("International organisation")


def by_name():
    """Directory order: the source (English) `name` column, then pk, in every language.

    The name is translated (members/translation.py), and django-modeltranslation rewrites a field
    *name* given to order_by() or Meta.ordering to the active language's column: "name" becomes
    `name_es` on /es/, a column that is mostly NULL and has no index, so the directory would sort
    100,000 rows by NULLs. An expression is left alone by that rewrite, and `F("name")` compiles to
    the same `ORDER BY name, id` as before, which reads the first page from `member_name_idx`.
    (Not `.rewrite(False)`: that would also stop the rewrite of later filters on translated
    fields; not `name_en`: same text as `name`, but no index.) New objects on each call, because
    django-modeltranslation rewrites F objects in place when they pass through a filter.
    """
    return (F("name").asc(), "pk")


class MemberQuerySet(PublishableQuerySet):
    def for_cards(self):
        """Published members with the columns a member card shows (not the long description, nor
        the contact details, which no page shows)."""
        return self.published().defer("description", "contact_name", "contact_email")

    def for_directory(self):
        """Published members with what a card shows, in directory order."""
        return self.for_cards().order_by(*by_name())


LATITUDE = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


class Member(Publishable):
    """An organisation in one or more clusters: a city, an agency, a company, a university…"""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = CountryField(_("country"))
    locality = models.CharField(
        _("locality as shown"), max_length=200, help_text=_('e.g. "Afadzato South District, Ghana"')
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Plain text; blank lines split paragraphs.")
    )
    # A card's two short lines (members/translation.py translates both).
    summary = models.CharField(
        _("one-line summary"),
        max_length=140,
        blank=True,
        help_text=_(
            'One sentence shown on the member\'s cards, e.g. "The City of Pines, hub of the Cordillera region".'
        ),
    )
    key_fact = models.CharField(
        _("key fact"),
        max_length=80,
        blank=True,
        help_text=_(
            'A few words shown on cards, e.g. what an organisation does: "Runs Chile\'s traffic lights". '
            "When left empty, cards show the population, if it is given."
        ),
    )
    logo = models.ImageField(_("logo"), upload_to="members/", blank=True)
    website = models.URLField(_("website"), blank=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population year"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE
    )
    # Private: where update links are sent. Never shown publicly or exported.
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    # Weighted full-text document for site search. PostgreSQL keeps it current with a trigger
    # (search/migrations/0001_postgres_search.py) on every insert and text change; NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    clusters = models.ManyToManyField(
        "clusters.Cluster", through="Membership", related_name="members", verbose_name=_("clusters")
    )

    logo_card = images.fit("logo", *images.LOGO)
    thumbnail = images.fit("logo", *images.THUMB)

    objects = MemberQuerySet.as_manager()
    # `history` (who changed what and when, every language included) is registered in translation.py,
    # after the translated columns exist, so each version keeps every translation.

    class Meta:
        ordering = [F("name").asc()]  # the source column in every language, see by_name()
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            status_constraint("member"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="member_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="member_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="member_coordinates_paired",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=models.Q(area_km2__isnull=True) | models.Q(area_km2__gte=0),
                name="member_area_not_negative",
                violation_error_message=_("The area cannot be negative."),
            ),
        ]
        # The indexes on `name` are written as expressions: django-modeltranslation copies every
        # index that lists a translated field in `fields` once per language (`member_name_idx-es`
        # on name_es…), 21 indexes that nothing reads, since lists sort and filter by the source
        # `name`. A bare column in parentheses is a plain column index to PostgreSQL and SQLite.
        indexes = [
            models.Index(fields=["status", "published_at"], name="member_public_idx"),
            models.Index(F("country"), F("name"), name="member_country_idx"),
            models.Index(F("kind"), F("name"), name="member_kind_idx"),
            # Directory order: the first pages read 24 rows from this index instead of sorting all.
            models.Index(F("name"), F("id"), name="member_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("members:detail", self.slug)  # core.urls: the resolver once per language

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def place(self):
        """ "Locality, Country" as shown on cards, without repeating a country the locality already names."""
        return f"{self.locality}{self.place_rest}"

    @property
    def place_rest(self):
        """What `place` adds after the locality (", Country", or the country alone): templates mark
        the locality `lang="en"` on its own when it has no translation, not the country's name."""
        country = str(self.country.name) if self.country else ""
        if not country:
            return ""
        # The locality may be shown as entered, in English, in any language: a country it names in
        # English is named already ("Baguio, the Philippines" gains no ", الفلبين").
        with translation.override(settings.LANGUAGE_CODE):
            source_name = str(self.country.name)
        locality = self.locality.lower()
        if country.lower() in locality or source_name.lower() in locality:
            return ""
        return f", {country}" if self.locality else country

    @property
    def coordinates_label(self):
        """e.g. "7.005° N, 0.433° E"; empty without coordinates."""
        if not self.has_coordinates:
            return ""
        lat, lon = self.latitude, self.longitude
        north_south = _("N") if lat >= 0 else _("S")
        east_west = _("E") if lon >= 0 else _("W")
        return f"{round(abs(lat), 4).normalize():f}° {north_south}, {round(abs(lon), 4).normalize():f}° {east_west}"


class Membership(models.Model):
    """A member's place in a cluster."""

    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("cluster"),
    )
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("member"))
    is_featured = models.BooleanField(_("featured"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "member__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "member"],
                name="membership_unique",
                violation_error_message=_("This member is already in this cluster."),
            )
        ]
        indexes = [
            models.Index(fields=["cluster", "is_featured", "order"], name="membership_featured_idx"),
            # A cluster page's newest members: read in order from here, not sorted out of 30,000 rows.
            models.Index(fields=["cluster", "is_featured", "-joined_on", "-id"], name="membership_newest_idx"),
        ]

    def __str__(self):
        return f"{self.member} in {self.cluster}"
