"""What /data/ offers: each resource's fields (its Table Schema) and its rows, from published content only.

Every file is one SQL statement however many rows it has: what a row lists of another table (a
member's clusters, a solution's partners and SDG targets…) is joined into one string by a correlated
subquery (`StringAgg`), so nothing is read per row, and the rows are read with `.iterator()` in
chunks, so nothing holds them all. Only the columns named here are read: contact details, drafts and
items scheduled for later never leave the database.
"""

from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, NullIf
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from core.content_language import SOURCE_LANGUAGE, column, translated_fields
from core.urls import slug_linker
from events.models import Attendance, Event, EventKind
from exchange.models import ACTIVE_STATES, Post, PostState, PostType
from members.models import Kind, Member, Membership, by_name
from news.models import Article
from solutions.models import Solution, SolutionResult, Stage

LIST_DELIMITER = ";"
CHUNK_SIZE = 2000  # rows fetched from the database at a time


@dataclass(frozen=True)
class Field:
    """A column, described as a Table Schema field (https://specs.frictionlessdata.io/table-schema/)."""

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple = ()
    item_type: str = ""  # for type "list": the type of its items, separated by LIST_DELIMITER in CSV

    def descriptor(self):
        field = {"name": self.name, "type": self.type, "description": str(self.description)}
        if self.type == "list":
            field |= {"delimiter": LIST_DELIMITER, "itemType": self.item_type}
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    model: type  # whose published rows it lists: counted, and dated by their last change
    fields: tuple
    rows: object  # rows(links): an iterator of dicts, one per row, keyed by the fields' names
    primary_key: tuple = ("slug",)
    foreign_keys: tuple = ()  # (field, resource, field of that resource)
    points: object = None  # points(row): [(longitude, latitude), …] for GeoJSON; None: no GeoJSON
    geometry: str = "Point"  # GeoJSON geometry of a feature: "Point" (the first point) or "MultiPoint"

    @property
    def formats(self):
        return ("csv", "json", "geojson") if self.points else ("csv", "json")

    def schema(self):
        return {
            "fields": [field.descriptor() for field in self.fields],
            "primaryKey": list(self.primary_key),
            "foreignKeys": [
                {"fields": [field], "reference": {"resource": resource, "fields": [target]}}
                for field, resource, target in self.foreign_keys
            ],
        }


class Links:
    """Absolute addresses of items' pages, in the language of the file. Made in the view: the rows are
    read while the response streams, after the request's own address is forgotten (core.urls.site_url)."""

    def __init__(self, site, language):
        self.site = site
        self._linkers = {name: slug_linker(f"{name}:detail", language) for name in PAGES}

    def page(self, name, slug):
        return f"{self.site}{self._linkers[name](slug)}"


PAGES = ("clusters", "members", "news", "events", "solutions", "exchange")


# --- reading -------------------------------------------------------------------------------------


def _joined(queryset, outer, value):
    """The `value`s of the rows of `queryset` whose `outer` is the outer row, in one string separated
    by LIST_DELIMITER (NULL when none): a correlated subquery in the outer row's SELECT."""
    return Subquery(
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(joined=StringAgg(value, Value(LIST_DELIMITER)))
        .values("joined"),
        output_field=TextField(),
    )


def _split(joined):
    """A joined string as a sorted list (the database joins in no particular order)."""
    return sorted(joined.split(LIST_DELIMITER)) if joined else []


def _published_clusters():
    return Cluster.objects.published().values("pk")


def _published_members():
    return Member.objects.published().values("pk")


def _clusters_of(through, outer):
    """The slugs of the published clusters of the outer row, through the many-to-many table `through`."""
    return _joined(through.objects.filter(cluster__in=_published_clusters()), outer, "cluster__slug")


def _count(queryset, outer):
    return Coalesce(
        Subquery(
            queryset.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _decimal_pairs(joined):
    """'lon lat;lon lat' (numbers cast to text by the database) as [(lon, lat), …]."""
    pairs = []
    for pair in (joined or "").split(LIST_DELIMITER):
        if pair.strip():
            longitude, latitude = pair.split()
            pairs.append((Decimal(longitude), Decimal(latitude)))
    return sorted(pairs)


def _stream(queryset, *names):
    """The rows of `queryset` as dicts of `names`, read CHUNK_SIZE at a time.

    A translated field (django-modeltranslation) is read in the active language, and in English where
    it has no translation, as reading it on an object would give it; but the fallback is done by the
    database (`COALESCE`), not per row and field in Python, which took half the time of a file.
    """
    language = translation.get_language() or SOURCE_LANGUAGE
    translated = set(translated_fields(queryset.model))
    texts = {f"text_{name}": _in_language(name, language) for name in names if name in translated}
    columns = [name for name in names if name not in translated]
    if hasattr(queryset, "rewrite"):  # a translated model's queryset (modeltranslation): the columns as named
        queryset = queryset.rewrite(False)
    rows = queryset.values(*columns, **texts).iterator(chunk_size=CHUNK_SIZE)
    for row in rows:
        yield {name: row[f"text_{name}"] if name in translated else row[name] for name in names}


def _in_language(name, language):
    if language == SOURCE_LANGUAGE:
        return F(name)  # the source column, which holds the English text (core.content_language)
    return Coalesce(NullIf(F(column(name, language)), Value("")), F(name), output_field=TextField())


def cluster_rows(links):
    clusters = (
        Cluster.objects.published()
        .order_by("order", "pk")
        .annotate(
            member_count=_count(Membership.objects.filter(member__in=_published_members()), "cluster"),
        )
    )
    for row in _stream(clusters, "slug", "name", "short_name", "intro", "is_active", "member_count"):
        yield {**row, "url": links.page("clusters", row["slug"])}


def member_rows(links):
    members = Member.objects.published().order_by(*by_name()).annotate(cluster_slugs=_clusters_of(Membership, "member"))
    for row in _stream(
        members,
        "slug",
        "name",
        "kind",
        "country",
        "locality",
        "summary",
        "key_fact",
        "description",
        "website",
        "population",
        "population_year",
        "area_km2",
        "latitude",
        "longitude",
        "cluster_slugs",
    ):
        clusters = _split(row.pop("cluster_slugs"))
        yield {**row, "clusters": clusters, "url": links.page("members", row["slug"])}


def member_points(row):
    return [(row["longitude"], row["latitude"])] if row["latitude"] is not None else []


def article_rows(links):
    articles = Article.objects.latest().annotate(
        cluster_slugs=_clusters_of(Article.clusters.through, "article"),
        category_slugs=_joined(Article.categories.through.objects.all(), "article", "category__slug"),
    )
    for row in _stream(articles, "slug", "title", "published_at", "summary", "cluster_slugs", "category_slugs"):
        clusters, categories = _split(row.pop("cluster_slugs")), _split(row.pop("category_slugs"))
        yield {**row, "clusters": clusters, "categories": categories, "url": links.page("news", row["slug"])}


def event_rows(links):
    events = (
        Event.objects.published()
        .order_by("-starts_at", "-pk")
        .annotate(
            cluster_slugs=_clusters_of(Event.clusters.through, "event"),
            host_slugs=_joined(
                Event.hosts.through.objects.filter(member__in=_published_members()), "event", "member__slug"
            ),
        )
    )
    for row in _stream(
        events,
        "slug",
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "timezone",
        "attendance",
        "venue",
        "locality",
        "country",
        "online_url",
        "summary",
        "organisers",
        "cluster_slugs",
        "host_slugs",
    ):
        zone = ZoneInfo(row["timezone"])
        clusters, hosts = _split(row.pop("cluster_slugs")), _split(row.pop("host_slugs"))
        yield {
            **row,
            "starts_at": row["starts_at"].astimezone(zone),
            "ends_at": row["ends_at"].astimezone(zone),
            "country": row["country"] or None,
            "clusters": clusters,
            "hosts": hosts,
            "url": links.page("events", row["slug"]),
        }


def _published_solutions():
    return Solution.objects.published()


def solution_rows(links):
    now = timezone.now()
    partners = Solution.partners.through.objects.filter(member__in=_published_members())
    coordinates = partners.filter(member__latitude__isnull=False)
    solutions = (
        _published_solutions()
        .order_by("-published_at", "-pk")
        .annotate(
            lead_public=ExpressionWrapper(
                Q(lead_member__status="published", lead_member__published_at__lte=now), output_field=BooleanField()
            ),
            cluster_slugs=_clusters_of(Solution.clusters.through, "solution"),
            partner_slugs=_joined(partners, "solution", "member__slug"),
            partner_countries=_joined(partners, "solution", "member__country"),
            partner_points=_joined(
                coordinates,
                "solution",
                Concat(
                    Cast("member__longitude", TextField()),
                    Value(" "),
                    Cast("member__latitude", TextField()),
                    output_field=TextField(),
                ),
            ),
            target_codes=_joined(Solution.targets.through.objects.all(), "solution", "target__code"),
        )
    )
    for row in _stream(
        solutions,
        "slug",
        "title",
        "summary",
        "stage",
        "first_year",
        "last_year",
        "published_at",
        "extra_countries",
        "lead_public",
        "lead_member__slug",
        "lead_member__country",
        "lead_member__latitude",
        "lead_member__longitude",
        "cluster_slugs",
        "partner_slugs",
        "partner_countries",
        "partner_points",
        "target_codes",
    ):
        lead = row["lead_public"]
        countries = [row["lead_member__country"]] if lead else []
        for code in [*_split(row["partner_countries"]), *_codes(row["extra_countries"])]:
            if code not in countries:
                countries.append(code)
        points = _decimal_pairs(row["partner_points"])
        if lead and row["lead_member__latitude"] is not None:
            points.insert(0, (row["lead_member__longitude"], row["lead_member__latitude"]))
        targets = sorted(_split(row["target_codes"]), key=_target_order)
        yield {
            "slug": row["slug"],
            "title": row["title"],
            "summary": row["summary"],
            "status": row["stage"],
            "first_year": row["first_year"],
            "last_year": row["last_year"],
            "published_at": row["published_at"],
            "lead_member": row["lead_member__slug"] if lead else None,
            "partners": _split(row["partner_slugs"]),
            "countries": countries,
            "clusters": _split(row["cluster_slugs"]),
            "sdg_targets": targets,
            "sdg_goals": sorted({int(code.split(".")[0]) for code in targets}),
            "url": links.page("solutions", row["slug"]),
            "_points": points,
        }


def _codes(countries):
    """A multiple CountryField as `values()` reads it, the stored "GH,KE", as a list of codes."""
    return (
        [code for code in countries.split(",") if code] if isinstance(countries, str) else [str(c) for c in countries]
    )


def _target_order(code):
    """Official order: 11.2 before 11.10, numbered targets before lettered ones (6.6 before 6.a)."""
    goal, target = code.split(".")
    return (int(goal), not target.isdigit(), int(target) if target.isdigit() else target)


def solution_points(row):
    return row["_points"]


def result_rows(links):
    results = SolutionResult.objects.filter(solution__in=_published_solutions().values("pk")).order_by(
        "solution_id", "order", "pk"
    )
    solution, position = None, 0
    for row in _stream(
        results,
        "solution_id",
        "solution__slug",
        "indicator",
        "baseline",
        "value",
        "unit",
        "year",
        "source",
        "source_url",
    ):
        position = position + 1 if row["solution_id"] == solution else 1
        solution = row["solution_id"]
        yield {
            "solution": row["solution__slug"],
            "position": position,
            **{name: row[name] for name in ("indicator", "baseline", "value", "unit", "year", "source", "source_url")},
        }


def post_rows(links):
    """Every published post, open or closed (`state`, `open`): a closed post keeps its page, and what
    was sought and offered, and met, is worth studying. Never the member's contact details, nor the
    expressions of interest."""
    today = timezone.localdate()
    posts = (
        Post.objects.published()
        .order_by("-published_at", "-pk")
        .annotate(
            member_public=ExpressionWrapper(
                Q(member__status="published", member__published_at__lte=timezone.now()), output_field=BooleanField()
            ),
            cluster_slugs=_clusters_of(Post.clusters.through, "post"),
            target_codes=_joined(Post.targets.through.objects.all(), "post", "target__code"),
            format_codes=_joined(Post.formats.through.objects.all(), "post", "format__code"),
            language_codes=_joined(Post.languages.through.objects.all(), "post", "workinglanguage__code"),
        )
    )
    for row in _stream(
        posts,
        "slug",
        "title",
        "type",
        "state",
        "expires_on",
        "published_at",
        "language",
        "description",
        "details",
        "member_public",
        "member__slug",
        "member__country",
        "cluster_slugs",
        "target_codes",
        "format_codes",
        "language_codes",
    ):
        targets = sorted(_split(row["target_codes"]), key=_target_order)
        yield {
            "slug": row["slug"],
            "title": row["title"],
            "type": row["type"],
            "state": row["state"],
            "open": row["state"] in ACTIVE_STATES and row["expires_on"] >= today,
            "expires_on": row["expires_on"].isoformat(),
            "published_at": row["published_at"],
            "member": row["member__slug"] if row["member_public"] else None,
            "country": row["member__country"],
            "language": row["language"],
            "description": row["description"],
            "details": row["details"],
            "clusters": _split(row["cluster_slugs"]),
            "sdg_targets": targets,
            "sdg_goals": sorted({int(code.split(".")[0]) for code in targets}),
            "formats": _split(row["format_codes"]),
            "working_languages": _split(row["language_codes"]),
            "url": links.page("exchange", row["slug"]),
        }


# --- the resources -------------------------------------------------------------------------------

SLUG = _("Identifier used in the item's addresses; unique.")
URL = _("Address of the item's page on the portal.")
CLUSTERS = _("Slugs of the published clusters it belongs to (see the clusters resource).")
COUNTRY = _("ISO 3166-1 alpha-2 country code.")

RESOURCES = (
    Resource(
        name="clusters",
        title=_("Clusters"),
        description=_("The thematic clusters, in display order."),
        model=Cluster,
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("name", "string", _("Full name."), required=True),
            Field("short_name", "string", _("Short name, e.g. Transport."), required=True),
            Field("intro", "string", _("One or two sentences on the cluster.")),
            Field("is_active", "boolean", _("Whether the cluster is currently active."), required=True),
            Field("member_count", "integer", _("Number of published members in the cluster."), required=True),
            Field("url", "string", URL, required=True),
        ),
        rows=cluster_rows,
    ),
    Resource(
        name="members",
        title=_("Members"),
        description=_(
            "Member cities and organisations, by name. Contact details are never published; "
            "a member without coordinates has no point in the GeoJSON file."
        ),
        model=Member,
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("name", "string", _("Name."), required=True),
            Field("kind", "string", _("Kind of organisation."), required=True, enum=tuple(Kind.values)),
            Field("country", "string", COUNTRY, required=True),
            Field("locality", "string", _("Locality as shown on the portal.")),
            Field("summary", "string", _("One-line summary.")),
            Field("key_fact", "string", _("A few words on what it does.")),
            Field("description", "string", _("Plain text; blank lines split paragraphs.")),
            Field("website", "string", _("Its own website.")),
            Field("population", "integer", _("Population, when given.")),
            Field("population_year", "integer", _("Year of the population figure.")),
            Field("area_km2", "number", _("Area in square kilometres.")),
            Field("latitude", "number", _("Latitude in decimal degrees (WGS 84).")),
            Field("longitude", "number", _("Longitude in decimal degrees (WGS 84).")),
            Field("clusters", "list", CLUSTERS, item_type="string"),
            Field("url", "string", URL, required=True),
        ),
        rows=member_rows,
        points=member_points,
    ),
    Resource(
        name="solutions",
        title=_("Good practices"),
        description=_(
            "Good practices, newest first. Their points in the GeoJSON file are the coordinates of "
            "their published lead member and partners; a practice without any has no feature there."
        ),
        model=Solution,
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("title", "string", _("Title."), required=True),
            Field("summary", "string", _("Two or three sentences.")),
            Field("status", "string", _("Where the practice stands."), required=True, enum=tuple(Stage.values)),
            Field("first_year", "integer", _("Year it started."), required=True),
            Field("last_year", "integer", _("Year it ended; empty while it goes on.")),
            Field("published_at", "datetime", _("When it was published (UTC)."), required=True),
            Field("lead_member", "string", _("Slug of the member that leads it; empty when not published.")),
            Field("partners", "list", _("Slugs of its published partner members."), item_type="string"),
            Field(
                "countries",
                "list",
                _("Country codes of its published members, then of the other countries where it was applied."),
                item_type="string",
            ),
            Field("clusters", "list", CLUSTERS, item_type="string"),
            Field("sdg_targets", "list", _("Codes of the SDG targets it serves, e.g. 11.2."), item_type="string"),
            Field("sdg_goals", "list", _("Numbers of the goals of those targets."), item_type="integer"),
            Field("url", "string", URL, required=True),
        ),
        rows=solution_rows,
        points=solution_points,
        geometry="MultiPoint",
        foreign_keys=(("lead_member", "members", "slug"),),
    ),
    Resource(
        name="solution-results",
        title=_("Results of good practices"),
        description=_("Each good practice's results as numbers, in the order its page shows them."),
        model=Solution,
        fields=(
            Field("solution", "string", _("Slug of the good practice."), required=True),
            Field("position", "integer", _("Position among the practice's results, from 1."), required=True),
            Field("indicator", "string", _("What was measured."), required=True),
            Field("baseline", "number", _("Value before the practice, when known.")),
            Field("value", "number", _("Value measured."), required=True),
            Field("unit", "string", _("Unit of the values.")),
            Field("year", "integer", _("Year of the measure, when the source gives it.")),
            Field("source", "string", _("Who measured it, or a report.")),
            Field("source_url", "string", _("Address of the source.")),
        ),
        rows=result_rows,
        primary_key=("solution", "position"),
        foreign_keys=(("solution", "solutions", "slug"),),
    ),
    Resource(
        name="exchange-posts",
        title=_("Partnership exchange posts"),
        description=_(
            "What members sought and offered on the partnership exchange, newest first: every published post, "
            "open or closed (see state and open). The members' addresses and the expressions of interest are never "
            "published."
        ),
        model=Post,
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("title", "string", _("Title."), required=True),
            Field("type", "string", _("Request or offer, and of what."), required=True, enum=tuple(PostType.values)),
            Field("state", "string", _("Where it stands."), required=True, enum=tuple(PostState.values)),
            Field(
                "open",
                "boolean",
                _("Whether it takes expressions of interest: in an open state and not past its expiry date."),
                required=True,
            ),
            Field("expires_on", "date", _("The last day it is open, unless renewed."), required=True),
            Field("published_at", "datetime", _("When it was published (UTC)."), required=True),
            Field("member", "string", _("Slug of the member that posted it; empty when not published.")),
            Field("country", "string", _("ISO 3166-1 alpha-2 code of the member's country."), required=True),
            Field("language", "string", _("Language of its text."), required=True),
            Field("description", "string", _("Plain text; blank lines split paragraphs."), required=True),
            Field("details", "string", _("What is sought or offered; plain text."), required=True),
            Field("clusters", "list", CLUSTERS, item_type="string"),
            Field("sdg_targets", "list", _("Codes of the SDG targets it serves, e.g. 11.2."), item_type="string"),
            Field("sdg_goals", "list", _("Numbers of the goals of those targets."), item_type="integer"),
            Field(
                "formats",
                "list",
                _("Codes of its preferred formats: study-visit, expert-mission, online or workshop."),
                item_type="string",
            ),
            Field("working_languages", "list", _("Codes of its working languages."), item_type="string"),
            Field("url", "string", URL, required=True),
        ),
        rows=post_rows,
        foreign_keys=(("member", "members", "slug"),),
    ),
    Resource(
        name="news",
        title=_("News"),
        description=_("News articles, newest first: what lists show of them, without their text."),
        model=Article,
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("title", "string", _("Title."), required=True),
            Field("published_at", "datetime", _("When it was published (UTC)."), required=True),
            Field("summary", "string", _("Summary.")),
            Field("clusters", "list", CLUSTERS, item_type="string"),
            Field("categories", "list", _("Slugs of its categories."), item_type="string"),
            Field("url", "string", URL, required=True),
        ),
        rows=article_rows,
    ),
    Resource(
        name="events",
        title=_("Events"),
        description=_("Events, latest first."),
        model=Event,
        fields=(
            Field("slug", "string", SLUG, required=True),
            Field("title", "string", _("Title."), required=True),
            Field("kind", "string", _("Kind of event."), required=True, enum=tuple(EventKind.values)),
            Field("starts_at", "datetime", _("Start, in the event's time zone with its UTC offset."), required=True),
            Field("ends_at", "datetime", _("End, in the event's time zone with its UTC offset."), required=True),
            Field("timezone", "string", _("IANA time zone name, e.g. Asia/Shanghai."), required=True),
            Field(
                "attendance", "string", _("Online, in person or both."), required=True, enum=tuple(Attendance.values)
            ),
            Field("venue", "string", _("Venue.")),
            Field("locality", "string", _("City.")),
            Field("country", "string", COUNTRY),
            Field("online_url", "string", _("Where to join online.")),
            Field("summary", "string", _("Summary.")),
            Field("organisers", "string", _("Who organises it.")),
            Field("clusters", "list", CLUSTERS, item_type="string"),
            Field("hosts", "list", _("Slugs of the published members that host it."), item_type="string"),
            Field("url", "string", URL, required=True),
        ),
        rows=event_rows,
    ),
)

BY_NAME = {resource.name: resource for resource in RESOURCES}


def summary():
    """{resource name: {"rows": how many, "last_change": when a row last changed or came out}}, for the
    page, the descriptor and the files' ETags: one aggregate per model."""
    figures = {
        model: model.objects.published().aggregate(
            rows=Count("pk"), last_change=Max(Greatest("updated_at", "published_at"))
        )
        for model in {resource.model for resource in RESOURCES}
    }
    results = SolutionResult.objects.filter(solution__in=_published_solutions().values("pk")).count()
    return {
        resource.name: {**figures[resource.model], **({"rows": results} if resource.name == "solution-results" else {})}
        for resource in RESOURCES
    }
