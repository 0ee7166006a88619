"""What the API returns and accepts. Only public fields: the response schemas are the whitelist
(pydantic drops anything else), so contact details and publication state cannot leak."""

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema
from pydantic import StringConstraints

from core.filtering import FIRST_YEAR, LAST_YEAR
from core.urls import reverse_slug, site_url
from events.models import Attendance, EventKind
from exchange.models import ACTIVE_STATES, FormatCode, PostState, PostType
from members.models import Kind
from solutions.models import LinkKind, Stage

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20

Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=120)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
SearchText = Annotated[str, StringConstraints(max_length=200)]
LanguageCode = Literal[tuple(code for code, _name in settings.LANGUAGES)]
SdgCode = Annotated[str, StringConstraints(pattern=r"^([1-9]|1[0-7])(\.([1-9][0-9]?|[a-zA-Z]))?$")]


# --- query parameters --------------------------------------------------------------------------


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        description=f"Items per page; larger values are reduced to {MAX_PAGE_SIZE}.",
    )


class MemberFilters(PageParams):
    cluster: list[Slug] = Field([], description="Cluster slug; repeat for any of several clusters.")
    country: list[CountryCode] = Field(
        [], description="ISO 3166-1 alpha-2 country code, any case; repeat for any of several."
    )
    kind: list[Kind] = Field([], description="Kind of organisation; repeat for any of several.")
    q: SearchText = Field("", description="Words to search for in the name, locality and description.")


class ArticleFilters(PageParams):
    cluster: list[Slug] = Field([], description="Cluster slug; repeat for any of several clusters.")
    category: list[Slug] = Field([], description="Category slug; repeat for any of several.")
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Year of publication.")
    q: SearchText = Field("", description="Words to search for in the title, summary and body.")


class EventFilters(PageParams):
    cluster: list[Slug] = Field([], description="Cluster slug; repeat for any of several clusters.")
    kind: list[EventKind] = Field([], description="Kind of event; repeat for any of several.")
    when: Literal["upcoming", "past"] | None = Field(
        None, description="`upcoming`: not yet ended, soonest first; `past`: ended, latest first."
    )
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Year the event starts.")
    q: SearchText = Field("", description="Words to search for in the title, summary and description.")


class SolutionFilters(PageParams):
    cluster: list[Slug] = Field([], description="Cluster slug; repeat for any of several clusters.")
    sdg: list[SdgCode] = Field(
        [], description="An SDG goal (`11`) or target (`11.2`, `6.a`); repeat for any of several."
    )
    country: list[CountryCode] = Field(
        [],
        description="ISO 3166-1 alpha-2 code of a country of its members or where it was applied; repeat for any.",
    )
    status: list[Stage] = Field([], description="Where the practice stands; repeat for any of several.")
    q: SearchText = Field("", description="Words to search for in the title, summary and texts.")


class PostFilters(PageParams):
    type: list[PostType] = Field([], description="Type of post; repeat for any of several.")
    cluster: list[Slug] = Field([], description="Cluster slug; repeat for any of several clusters.")
    sdg: list[SdgCode] = Field(
        [], description="An SDG goal (`11`) or target (`11.2`, `6.a`); repeat for any of several."
    )
    country: list[CountryCode] = Field(
        [], description="ISO 3166-1 alpha-2 code of the country of the post's member, any case; repeat for any."
    )
    format: list[FormatCode] = Field([], description="A preferred format; repeat for any of several.")
    language: list[LanguageCode] = Field([], description="A working language's code; repeat for any of several.")
    q: SearchText = Field(
        "", description="Words to search for in the title, description and what is sought or offered."
    )


# --- responses ---------------------------------------------------------------------------------
# Each schema reads a published object as the views give it; `resolve_*` says where a field comes
# from when it is not an attribute of the same name.


def absolute(path):
    return f"{site_url()}{path}"


def api_url(name, slug=None):
    if not slug:
        return absolute(reverse(f"api:{name}"))
    return absolute(reverse_slug(f"api:{name}", slug))  # reversed once per name: core.urls


def image_url(obj, field, variant):
    if not getattr(obj, field):
        return None
    try:
        return absolute(getattr(obj, variant).url)
    except (OSError, ValueError):  # the original is missing from storage
        return None


def label(choices, value):
    """A choice's label in the active language (get_FOO_display hashes the whole choice list on
    every call)."""
    return str(choices(value).label) if value in choices.values else str(value)


def own_api_url(obj):
    """An item's API address: each endpoint for one item is named after its model (api:member…)."""
    return api_url(obj._meta.model_name, obj.slug)


def links(objects):
    return [{"slug": obj.slug, "name": str(obj), "url": own_api_url(obj)} for obj in objects]


def country(value):
    return {"code": value.code, "name": str(value.name)} if value else None


class Error(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


class Country(Schema):
    code: str
    name: str


class Link(Schema):
    slug: str
    name: str
    url: str = Field(description="The item's own API address.")


class Item(Schema):
    """What every item has: its slug, its page on the portal and its own API address."""

    slug: str
    url: str = Field(description="The item's page on the portal.")
    api_url: str = Field(description="The item's own API address.")

    @staticmethod
    def resolve_url(obj):
        return absolute(obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj):
        return own_api_url(obj)


class InClusters(Item):
    """An item that belongs to clusters: members, articles and events."""

    clusters: list[Link] = Field(description="Its published clusters.")

    @staticmethod
    def resolve_clusters(obj):
        return links(obj.public_clusters)


class ClusterOut(Item):
    name: str
    short_name: str
    intro: str
    feed_url: str = Field(description="RSS of the cluster's news.")
    hero_image: str | None = Field(description="A resized hero image, or null.")
    hero_caption: str
    hero_credit: str
    is_active: bool
    member_count: int = Field(description="Published members in the cluster.")

    @staticmethod
    def resolve_feed_url(cluster):
        return absolute(reverse("feeds:cluster", kwargs={"slug": cluster.slug}))

    @staticmethod
    def resolve_hero_image(cluster):
        return image_url(cluster, "hero_image", "hero_large")


class ClusterDetail(ClusterOut):
    description: str = Field(description="Sanitised HTML.")


class MemberOut(InClusters):
    name: str
    kind: Kind
    kind_label: str
    country: Country
    locality: str
    summary: str = Field(description="One line on the member, as its cards show it; may be empty.")
    key_fact: str = Field(
        description="A few words, e.g. what an organisation does; may be empty (cards then show the population)."
    )
    logo: str | None = Field(description="A resized logo, or null.")
    website: str

    @staticmethod
    def resolve_kind_label(member):
        return label(Kind, member.kind)

    @staticmethod
    def resolve_country(member):
        return country(member.country)

    @staticmethod
    def resolve_logo(member):
        return image_url(member, "logo", "logo_card")


class MemberDetail(MemberOut):
    description: str = Field(description="Plain text; blank lines split paragraphs.")
    population: int | None
    population_year: int | None
    area_km2: float | None
    latitude: float | None
    longitude: float | None


class Category(Schema):
    slug: str
    name: str


class ArticleOut(InClusters):
    title: str
    published_at: datetime
    summary: str
    lead_image: str | None = Field(description="A resized lead image, or null.")
    lead_image_caption: str
    categories: list[Category]

    @staticmethod
    def resolve_lead_image(article):
        return image_url(article, "lead_image", "lead_card")

    @staticmethod
    def resolve_categories(article):
        return article.category_list


class ArticleDetail(ArticleOut):
    body: str = Field(description="Sanitised HTML.")
    related_members: list[Link]

    @staticmethod
    def resolve_related_members(article):
        return links(article.public_members)


class Person(Schema):
    """A speaker slot: the person, and their part in the session."""

    name: str = Field(alias="person.name")
    honorific: str = Field(alias="person.honorific")
    role: str = Field(alias="person.role")
    organisation: str = Field(alias="person.organisation")
    part: str


class AgendaSession(Schema):
    title: str
    details: str
    speakers: list[Person]

    @staticmethod
    def resolve_speakers(session):
        return session.speaker_slots.all()


class RecordingLink(Schema):
    platform: str
    url: str


class Recording(Schema):
    title: str
    duration: timedelta | None = Field(
        description="Length as an ISO 8601 duration (1 h 32 min is P0DT01H32M00S), or null."
    )
    links: list[RecordingLink]

    @staticmethod
    def resolve_links(recording):
        return recording.links.all()


class EventOut(InClusters):
    title: str
    kind: EventKind
    kind_label: str
    starts_at: datetime = Field(description="In the event's time zone, with its UTC offset.")
    ends_at: datetime
    timezone: str = Field(description="IANA time zone name, e.g. Asia/Shanghai.")
    attendance: Attendance
    venue: str
    locality: str
    country: Country | None
    online_url: str
    summary: str
    organisers: str
    ical_url: str
    hosts: list[Link]

    @staticmethod
    def resolve_kind_label(event):
        return label(EventKind, event.kind)

    @staticmethod
    def resolve_starts_at(event):
        return event.starts_local

    @staticmethod
    def resolve_ends_at(event):
        return event.ends_local

    @staticmethod
    def resolve_country(event):
        return country(event.country)

    @staticmethod
    def resolve_ical_url(event):
        return absolute(f"/events/{event.slug}.ics")

    @staticmethod
    def resolve_hosts(event):
        return links(event.public_hosts)


class EventDetail(EventOut):
    description: str = Field(description="Sanitised HTML.")
    objectives: str = Field(description="Sanitised HTML.")
    report: str = Field(description="Post-event summary; sanitised HTML.")
    agenda: list[AgendaSession]
    recordings: list[Recording]

    @staticmethod
    def resolve_agenda(event):
        return event.sessions.all()

    @staticmethod
    def resolve_recordings(event):
        return event.recordings.all()


class SdgTarget(Schema):
    code: str = Field(description="The target's official code, e.g. `11.2`.")
    goal: int = Field(description="Its goal's number.")
    title: str = Field(description="The official title, in the answer's language (English where none).")

    @staticmethod
    def resolve_goal(target):
        return target.goal_id


class SolutionResult(Schema):
    indicator: str
    baseline: float | None
    value: float
    unit: str
    year: int | None = Field(description="When it was measured; null when the source does not say.")
    source: str
    source_url: str


class SolutionLink(Schema):
    kind: LinkKind
    title: str
    url: str


class SolutionOut(InClusters):
    title: str
    published_at: datetime
    summary: str
    status: Stage = Field(description="Where the practice stands.")
    status_label: str
    first_year: int
    last_year: int | None = Field(description="Null while it goes on.")
    lead_member: Link | None = Field(description="The member that leads it, when published.")
    countries: list[Country] = Field(description="Its published members' countries, then any added.")
    sdg_targets: list[SdgTarget]
    sdg_goals: list[int] = Field(description="The goals of its targets.")

    @staticmethod
    def resolve_status(solution):
        return solution.stage

    @staticmethod
    def resolve_status_label(solution):
        return label(Stage, solution.stage)

    @staticmethod
    def resolve_lead_member(solution):
        lead = solution.lead_member
        return links([lead])[0] if lead.is_public else None

    @staticmethod
    def resolve_countries(solution):
        members = [solution.lead_member] if solution.lead_member.is_public else []
        codes = {}
        for value in [*(member.country for member in [*members, *solution.public_partners]), *solution.extra_countries]:
            codes.setdefault(value.code, value)
        return [country(value) for value in codes.values()]

    @staticmethod
    def resolve_sdg_targets(solution):
        return solution.target_list

    @staticmethod
    def resolve_sdg_goals(solution):
        return sorted({target.goal_id for target in solution.target_list})


class SolutionDetail(SolutionOut):
    challenge: str = Field(description="Sanitised HTML.")
    approach: str = Field(description="What was done; sanitised HTML.")
    results_text: str = Field(description="Results in words; sanitised HTML.")
    replication: str = Field(description="How others can replicate it; sanitised HTML.")
    partners: list[Link] = Field(description="Its published partner members.")
    results: list[SolutionResult] = Field(description="Results as numbers; empty where none was reported.")
    links: list[SolutionLink] = Field(description="Documents, videos and websites about it.")

    @staticmethod
    def resolve_partners(solution):
        return links(solution.public_partners)

    @staticmethod
    def resolve_results(solution):
        return list(solution.results.all())

    @staticmethod
    def resolve_links(solution):
        return list(solution.links.all())


class PostOut(InClusters):
    title: str
    type: PostType
    type_label: str
    is_request: bool = Field(description="True for a request (expertise or technology sought), false for an offer.")
    state: PostState = Field(description="Where it stands; an open post is open, in discussion or partly met.")
    state_label: str
    is_open: bool = Field(
        description="Whether it takes expressions of interest: in an active state and not past `expires_on`."
    )
    published_at: datetime
    expires_on: date = Field(description="The last day it is open, unless renewed.")
    member: Link | None = Field(description="The member that posted it, when published.")
    country: Country = Field(description="The member's country.")
    language: LanguageCode = Field(description="The language its text is written in.")
    description: str = Field(description="Plain text; blank lines split paragraphs.")
    formats: list[FormatCode] = Field(description="Preferred formats of cooperation.")
    working_languages: list[LanguageCode]
    sdg_targets: list[SdgTarget]
    sdg_goals: list[int] = Field(description="The goals of its targets.")

    @staticmethod
    def resolve_type_label(post):
        return label(PostType, post.type)

    @staticmethod
    def resolve_state_label(post):
        return label(PostState, post.state)

    @staticmethod
    def resolve_is_open(post):
        return post.state in ACTIVE_STATES and post.expires_on >= timezone.localdate()

    @staticmethod
    def resolve_member(post):
        return links([post.member])[0] if post.member.is_public else None

    @staticmethod
    def resolve_country(post):
        return country(post.member.country)

    @staticmethod
    def resolve_formats(post):
        return [item.pk for item in post.format_list]

    @staticmethod
    def resolve_working_languages(post):
        return [item.pk for item in post.language_list]

    @staticmethod
    def resolve_sdg_targets(post):
        return post.target_list

    @staticmethod
    def resolve_sdg_goals(post):
        return sorted({target.goal_id for target in post.target_list})


class PostDetail(PostOut):
    details: str = Field(description="What is sought or offered; plain text.")


class PageOut(Schema):
    count: int = Field(description="Items matching, on all pages.")
    page: int
    page_size: int
    num_pages: int
    next: str | None = Field(description="Address of the next page, or null.")
    previous: str | None = Field(description="Address of the previous page, or null.")


class ClusterPage(PageOut):
    results: list[ClusterOut]


class MemberPage(PageOut):
    results: list[MemberOut]


class ArticlePage(PageOut):
    results: list[ArticleOut]


class EventPage(PageOut):
    results: list[EventOut]


class SolutionPage(PageOut):
    results: list[SolutionOut]


class PostPage(PageOut):
    results: list[PostOut]


class Index(Schema):
    clusters: str
    members: str
    news: str
    events: str
    solutions: str
    exchange: str
    openapi: str
    docs: str
