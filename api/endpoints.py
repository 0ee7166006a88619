"""The read-only JSON API: clusters, members, news and events, each as a list and by slug.

Everything goes through `published()`, and each response is built from an explicit schema, so
drafts and private fields never leave the database.
"""

import copy

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from ninja import NinjaAPI, Path, Query, Status

from clusters.models import Cluster
from core.aggregates import remember
from core.urls import reverse_slug
from events.models import Event, EventKind, Session, Speaker
from members.models import Kind, Member, Membership
from news.models import Article
from search.engine import filter_articles, filter_events, filter_members

from . import schemas
from .http import LANGUAGE_CODES
from .schemas import MAX_PAGE_SIZE

LANG_PARAMETER = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": (
        "Language of the text, exactly one of these codes. Without it, the first supported language of "
        "the Accept-Language header (where `pt-BR` or `zh` are understood), else English; English "
        "wherever a translation is missing. The answer names its language in Content-Language; any "
        "other value is a 400."
    ),
    "schema": {"type": "string", "enum": LANGUAGE_CODES, "title": "Lang"},
}
UNKNOWN_LANGUAGE = {
    "description": "Unknown language in `lang`.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


class PortalAPI(NinjaAPI):
    """The API, whose OpenAPI document also describes `lang`, a query parameter of every endpoint.

    The language is chosen before any view runs (http.public_api, where an unknown `lang` is a 400
    with the list of codes, not the 422 of django-ninja's validation), so it is not a parameter of
    the views' schemas; the document gets it here instead, with the same codes as its enum.
    """

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                operation.setdefault("parameters", []).append(copy.deepcopy(LANG_PARAMETER))
                responses = {**operation.get("responses", {}), 400: copy.deepcopy(UNKNOWN_LANGUAGE)}
                operation["responses"] = dict(sorted(responses.items(), key=lambda pair: int(pair[0])))
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "Error", schemas.Error.model_json_schema()
        )
        return schema


api = PortalAPI(
    title="South-South Cities Portal API",
    version="1",
    description=(
        "Read-only JSON of the published clusters, members, news and events of the South-South Cities "
        "Clusters. No key is needed; any site may call it from a browser (CORS). Lists are paged "
        f"(`page`, `page_size` up to {MAX_PAGE_SIZE}); every answer has an ETag for conditional requests. "
        "Every endpoint takes `lang` (one of " + ", ".join(LANGUAGE_CODES) + "), the language of the text; "
        "without it, the Accept-Language header chooses, else English. English where a translation is "
        "missing. The answer names its language in Content-Language; an unknown `lang` is a 400."
    ),
    urls_namespace="api",
    docs_url=None,  # /api/docs is a server-rendered page (api/docs.py): no JavaScript, no CDN
    openapi_url="/openapi.json",
)

ERRORS = {404: schemas.Error, 422: schemas.ValidationErrors}
SlugPath = Path(..., pattern=r"^[-a-zA-Z0-9_]+$", max_length=120)


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


def _api_url(name, slug=None):
    if not slug:
        return _absolute(reverse(f"api:{name}"))
    return _absolute(reverse_slug(f"api:{name}", slug))  # reversed once per name: core.urls


def _image(obj, field, variant):
    if not getattr(obj, field):
        return None
    try:
        return _absolute(getattr(obj, variant).url)
    except (OSError, ValueError):  # the original is missing from storage
        return None


def _country(country):
    return {"code": country.code, "name": str(country.name)} if country else None


def _label(choices, value):
    """A choice's label in the active language (get_FOO_display hashes the whole choice list on
    every call)."""
    return str(choices(value).label) if value in choices.values else str(value)


def _link(obj, name):
    return {"slug": obj.slug, "name": str(obj), "url": _api_url(name, obj.slug)}


# Query parameters that do not change which items match (the count), or that make it a text search.
_NOT_COUNTED = {"page", "page_size", "lang"}


def _page(request, queryset, params, serialize):
    page_size = min(params.page_size, MAX_PAGE_SIZE)
    paginator = Paginator(queryset, page_size)
    searched = bool(getattr(params, "q", ""))
    if not searched:
        # The COUNT over every published member or article is the list's slowest query at scale;
        # like the directory's, it is remembered per content generation and filters (a text
        # search is counted afresh). Paginator.count is a cached_property: this is its value.
        filters = tuple(
            sorted((key, value) for key, values in request.GET.lists() if key not in _NOT_COUNTED for value in values)
        )
        paginator.count = remember("api.count", queryset.count, request.path, filters)
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        return Status(404, {"detail": f"Page {params.page} does not exist; the last page is {paginator.num_pages}."})

    items = [serialize(item) for item in page.object_list]

    def address(number):
        query = request.GET.copy()
        query["page"] = number
        if params.page_size != page_size:
            query["page_size"] = page_size
        return _absolute(f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}")

    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "next": address(page.next_page_number()) if page.has_next() else None,
        "previous": address(page.previous_page_number()) if page.has_previous() else None,
        "results": items,
    }


def _published_clusters():
    return Cluster.objects.published().only("slug", "name", "order")


# Prefetched into lists (to_attr): a prefetch into the relation's manager builds a filtered queryset
# for every row (Django's ManyRelatedManager), which cost more than the query for a page of 20.
def _public_clusters():
    return Prefetch("clusters", queryset=_published_clusters(), to_attr="public_clusters")


def _linked_members():
    return Member.objects.published().only("slug", "name")


@api.get("/", response=schemas.Index, summary="Where everything is", tags=["index"])
def index(request):
    return {
        "clusters": _api_url("clusters"),
        "members": _api_url("members"),
        "news": _api_url("news"),
        "events": _api_url("events"),
        "openapi": _absolute(reverse("api:openapi-json")),
        "docs": _absolute(reverse("api:docs")),
    }


# --- clusters ----------------------------------------------------------------------------------


def _clusters():
    public_members = Member.objects.published()
    return Cluster.objects.published().annotate(
        member_count=Count("memberships", filter=Q(memberships__member__in=public_members))
    )


def _cluster(cluster, *, detail=False):
    data = {
        "slug": cluster.slug,
        "name": cluster.name,
        "short_name": cluster.short_name,
        "intro": cluster.intro,
        "url": _absolute(cluster.get_absolute_url()),
        "api_url": _api_url("cluster", cluster.slug),
        "feed_url": _absolute(reverse("feeds:cluster", kwargs={"slug": cluster.slug})),
        "hero_image": _image(cluster, "hero_image", "hero_large"),
        "hero_caption": cluster.hero_caption,
        "hero_credit": cluster.hero_credit,
        "is_active": cluster.is_active,
        "member_count": cluster.member_count,
    }
    if detail:
        data["description"] = cluster.description
    return data


@api.get(
    "/clusters/",
    response={200: schemas.ClusterPage, **ERRORS},
    url_name="clusters",
    summary="Clusters",
    tags=["clusters"],
)
def cluster_list(request, params: Query[schemas.PageParams]):
    """The published thematic clusters, in display order."""
    return _page(request, _clusters().order_by("order", "name"), params, _cluster)


@api.get(
    "/clusters/{slug}/",
    response={200: schemas.ClusterDetail, **ERRORS},
    url_name="cluster",
    summary="One cluster",
    tags=["clusters"],
)
def cluster_detail(request, slug: str = SlugPath):
    return _cluster(get_object_or_404(_clusters(), slug=slug), detail=True)


# --- members -----------------------------------------------------------------------------------


def _members():
    return Member.objects.for_directory().prefetch_related(_public_clusters())


def _member(member, *, detail=False):
    data = {
        "slug": member.slug,
        "name": member.name,
        "kind": member.kind,
        "kind_label": _label(Kind, member.kind),
        "country": _country(member.country),
        "locality": member.locality,
        "url": _absolute(member.get_absolute_url()),
        "api_url": _api_url("member", member.slug),
        "logo": _image(member, "logo", "logo_card"),
        "website": member.website,
        "clusters": [_link(cluster, "cluster") for cluster in member.public_clusters],
    }
    if detail:
        data |= {
            "description": member.description,
            "population": member.population,
            "population_year": member.population_year,
            "area_km2": member.area_km2,
            "latitude": member.latitude,
            "longitude": member.longitude,
        }
    return data


def _in_clusters(queryset, slugs, relation):
    """Items in any of the published clusters named by `slugs` (no duplicates)."""
    if not slugs:
        return queryset
    clusters = Cluster.objects.published().filter(slug__in=slugs)
    return queryset.filter(pk__in=queryset.model.objects.filter(**{f"{relation}__in": clusters}).values("pk"))


@api.get(
    "/members/", response={200: schemas.MemberPage, **ERRORS}, url_name="members", summary="Members", tags=["members"]
)
def member_list(request, params: Query[schemas.MemberFilters]):
    """The member directory: published members by name, filtered like `/members/`.

    Values of one parameter are alternatives (`?country=GH&country=KE`: Ghana or Kenya); different
    parameters must all hold (`?country=GH&kind=city`: cities in Ghana).
    """
    members = _members()
    if params.cluster:
        published = Cluster.objects.published().filter(slug__in=params.cluster)
        members = members.filter(pk__in=Membership.objects.filter(cluster__in=published).values("member"))
    if params.country:
        members = members.filter(country__in=[code.upper() for code in params.country])
    if params.kind:
        members = members.filter(kind__in=params.kind)
    members = filter_members(members, params.q)
    return _page(request, members, params, _member)


@api.get(
    "/members/{slug}/",
    response={200: schemas.MemberDetail, **ERRORS},
    url_name="member",
    summary="One member",
    tags=["members"],
)
def member_detail(request, slug: str = SlugPath):
    return _member(get_object_or_404(_members(), slug=slug), detail=True)


# --- news --------------------------------------------------------------------------------------


def _articles():
    return Article.objects.latest().prefetch_related(
        _public_clusters(),
        Prefetch("categories", to_attr="category_list"),
        Prefetch("related_members", queryset=_linked_members(), to_attr="public_members"),
    )


def _article(article, *, detail=False):
    data = {
        "slug": article.slug,
        "title": article.title,
        "published_at": article.published_at,
        "summary": article.summary,
        "url": _absolute(article.get_absolute_url()),
        "api_url": _api_url("article", article.slug),
        "lead_image": _image(article, "lead_image", "lead_card"),
        "lead_image_caption": article.lead_image_caption,
        "clusters": [_link(cluster, "cluster") for cluster in article.public_clusters],
        "categories": [{"slug": category.slug, "name": category.name} for category in article.category_list],
    }
    if detail:
        data |= {
            "body": article.body,
            "related_members": [_link(member, "member") for member in article.public_members],
        }
    return data


@api.get("/news/", response={200: schemas.ArticlePage, **ERRORS}, url_name="news", summary="News", tags=["news"])
def article_list(request, params: Query[schemas.ArticleFilters]):
    """Published news articles, newest first."""
    articles = _in_clusters(_articles(), params.cluster, "clusters")
    if params.category:
        articles = articles.filter(pk__in=Article.objects.filter(categories__slug__in=params.category).values("pk"))
    if params.year:
        articles = articles.filter(published_at__year=params.year)
    articles = filter_articles(articles, params.q)
    return _page(request, articles, params, _article)


@api.get(
    "/news/{slug}/",
    response={200: schemas.ArticleDetail, **ERRORS},
    url_name="article",
    summary="One news article",
    tags=["news"],
)
def article_detail(request, slug: str = SlugPath):
    return _article(get_object_or_404(_articles(), slug=slug), detail=True)


# --- events ------------------------------------------------------------------------------------


def _events():
    return Event.objects.published().prefetch_related(
        _public_clusters(), Prefetch("hosts", queryset=_linked_members(), to_attr="public_hosts")
    )


def _event(event, *, detail=False):
    zone = event.tzinfo
    url = _absolute(event.get_absolute_url())
    data = {
        "slug": event.slug,
        "title": event.title,
        "kind": event.kind,
        "kind_label": _label(EventKind, event.kind),
        "starts_at": event.starts_at.astimezone(zone),
        "ends_at": event.ends_at.astimezone(zone),
        "timezone": event.timezone,
        "attendance": event.attendance,
        "venue": event.venue,
        "locality": event.locality,
        "country": _country(event.country),
        "online_url": event.online_url,
        "summary": event.summary,
        "organisers": event.organisers,
        "url": url,
        "api_url": _api_url("event", event.slug),
        "ical_url": _absolute(f"/events/{event.slug}.ics"),
        "clusters": [_link(cluster, "cluster") for cluster in event.public_clusters],
        "hosts": [_link(member, "member") for member in event.public_hosts],
    }
    if detail:
        data |= {
            "description": event.description,
            "objectives": event.objectives,
            "report": event.report,
            "agenda": [
                {
                    "title": session.title,
                    "details": session.details,
                    "speakers": [
                        {
                            "name": slot.person.name,
                            "honorific": slot.person.honorific,
                            "role": slot.person.role,
                            "organisation": slot.person.organisation,
                            "part": slot.part,
                        }
                        for slot in session.speaker_slots.all()
                    ],
                }
                for session in event.sessions.all()
            ],
            "recordings": [
                {
                    "title": recording.title,
                    "links": [{"platform": link.platform, "url": link.url} for link in recording.links.all()],
                }
                for recording in event.recordings.all()
            ],
        }
    return data


@api.get("/events/", response={200: schemas.EventPage, **ERRORS}, url_name="events", summary="Events", tags=["events"])
def event_list(request, params: Query[schemas.EventFilters]):
    """Published events, latest first; `when=upcoming` lists the coming ones soonest first."""
    now = timezone.now()
    events = _in_clusters(_events(), params.cluster, "clusters")
    if params.kind:
        events = events.filter(kind__in=params.kind)
    if params.when == "upcoming":
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif params.when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    if params.year:
        events = events.filter(starts_at__year=params.year)
    events = filter_events(events, params.q)
    return _page(request, events, params, _event)


@api.get(
    "/events/{slug}/",
    response={200: schemas.EventDetail, **ERRORS},
    url_name="event",
    summary="One event",
    tags=["events"],
)
def event_detail(request, slug: str = SlugPath):
    events = _events().prefetch_related(
        Prefetch("sessions", queryset=Session.objects.order_by("order", "pk")),
        Prefetch("sessions__speaker_slots", queryset=Speaker.objects.select_related("person").order_by("order", "pk")),
        "recordings__links",
    )
    return _event(get_object_or_404(events, slug=slug), detail=True)
