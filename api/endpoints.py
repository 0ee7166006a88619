"""The read-only JSON API: clusters, members, news, events, good practices and exchange posts, each as a
list and by slug.

Everything goes through `published()`, and each response is built from an explicit schema, so
drafts and private fields never leave the database.
"""

import copy

from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from ninja import NinjaAPI, Path, Query, Status

from clusters.models import Cluster
from events.filters import EventFilter
from events.models import Event, Session, Speaker
from exchange.filters import PostFilter
from exchange.models import Post
from members.filters import MemberFilter
from members.models import Member
from news.filters import ArticleFilter
from news.models import Article, Category
from solutions.filters import SolutionFilter
from solutions.models import Goal, Solution, Target
from solutions.views import target_codes

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
        "Read-only JSON of the published clusters, members, news, events, good practices and partnership exchange "
        "posts of the South-South Cities Clusters. No contact detail is ever in an answer. "
        "No key is needed; any site may call it from a browser (CORS). Lists are paged "
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


def _page(request, queryset, params, count):
    """A page of `queryset` as the *Page schemas describe it; the schema draws each item."""
    page_size = min(params.page_size, MAX_PAGE_SIZE)
    paginator = Paginator(queryset, page_size)
    paginator.count = count  # Paginator.count is a cached_property: this is its value
    try:
        page = paginator.page(params.page)
    except EmptyPage:
        return Status(404, {"detail": f"Page {params.page} does not exist; the last page is {paginator.num_pages}."})

    def address(number):
        query = request.GET.copy()
        query["page"] = number
        if params.page_size != page_size:
            query["page_size"] = page_size
        return schemas.absolute(f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}")

    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "next": address(page.next_page_number()) if page.has_next() else None,
        "previous": address(page.previous_page_number()) if page.has_previous() else None,
        "results": list(page.object_list),
    }


def _filtered_page(request, listing, params):
    """A page of what the list's FilterSet (the public page's own) lets through.

    A value the page ignores with a notice (a cluster that is not published, a code that is no
    country) matches nothing here: values of one parameter are alternatives, so the others still
    count, and a parameter given only such values lists nothing.
    """
    if any(not listing.state[name] for name in listing.refused):
        return _page(request, listing.qs.none(), params, 0)
    return _page(request, listing.qs, params, listing.count())


def _published_clusters():
    return list(Cluster.objects.published().only("slug", "name", "short_name", "order"))


# Prefetched into lists (to_attr): a prefetch into the relation's manager builds a filtered queryset
# for every row (Django's ManyRelatedManager), which cost more than the query for a page of 20.
def _public_clusters():
    return Prefetch("clusters", queryset=Cluster.objects.published().only("slug", "name"), to_attr="public_clusters")


def _linked_members():
    return Member.objects.published().only("slug", "name")


@api.get("/", response=schemas.Index, summary="Where everything is", tags=["index"])
def index(request):
    return {
        "clusters": schemas.api_url("clusters"),
        "members": schemas.api_url("members"),
        "news": schemas.api_url("news"),
        "events": schemas.api_url("events"),
        "solutions": schemas.api_url("solutions"),
        "exchange": schemas.api_url("exchange"),
        "openapi": schemas.absolute(reverse("api:openapi-json")),
        "docs": schemas.absolute(reverse("api:docs")),
    }


# --- clusters ----------------------------------------------------------------------------------


def _clusters():
    public_members = Member.objects.published()
    return Cluster.objects.published().annotate(
        member_count=Count("memberships", filter=Q(memberships__member__in=public_members))
    )


@api.get(
    "/clusters/",
    response={200: schemas.ClusterPage, **ERRORS},
    url_name="clusters",
    summary="Clusters",
    tags=["clusters"],
)
def cluster_list(request, params: Query[schemas.PageParams]):
    """The published thematic clusters, in display order."""
    clusters = _clusters().order_by("order", "name")
    return _page(request, clusters, params, Cluster.objects.published().count())


@api.get(
    "/clusters/{slug}/",
    response={200: schemas.ClusterDetail, **ERRORS},
    url_name="cluster",
    summary="One cluster",
    tags=["clusters"],
)
def cluster_detail(request, slug: str = SlugPath):
    return get_object_or_404(_clusters(), slug=slug)


# --- members -----------------------------------------------------------------------------------


def _members():
    return Member.objects.for_directory().prefetch_related(_public_clusters())


@api.get(
    "/members/", response={200: schemas.MemberPage, **ERRORS}, url_name="members", summary="Members", tags=["members"]
)
def member_list(request, params: Query[schemas.MemberFilters]):
    """The member directory: published members by name, filtered like `/members/`.

    Values of one parameter are alternatives (`?country=GH&country=KE`: Ghana or Kenya); different
    parameters must all hold (`?country=GH&kind=city`: cities in Ghana).
    """
    listing = MemberFilter(request.GET, _members(), clusters=_published_clusters())
    return _filtered_page(request, listing, params)


@api.get(
    "/members/{slug}/",
    response={200: schemas.MemberDetail, **ERRORS},
    url_name="member",
    summary="One member",
    tags=["members"],
)
def member_detail(request, slug: str = SlugPath):
    return get_object_or_404(_members(), slug=slug)


# --- news --------------------------------------------------------------------------------------


def _articles():
    return Article.objects.latest().prefetch_related(
        _public_clusters(),
        Prefetch("categories", to_attr="category_list"),
        Prefetch("related_members", queryset=_linked_members(), to_attr="public_members"),
    )


@api.get("/news/", response={200: schemas.ArticlePage, **ERRORS}, url_name="news", summary="News", tags=["news"])
def article_list(request, params: Query[schemas.ArticleFilters]):
    """Published news articles, newest first, filtered like `/news/`."""
    listing = ArticleFilter(
        request.GET, _articles(), clusters=_published_clusters(), categories=list(Category.objects.all())
    )
    return _filtered_page(request, listing, params)


@api.get(
    "/news/{slug}/",
    response={200: schemas.ArticleDetail, **ERRORS},
    url_name="article",
    summary="One news article",
    tags=["news"],
)
def article_detail(request, slug: str = SlugPath):
    return get_object_or_404(_articles(), slug=slug)


# --- events ------------------------------------------------------------------------------------


def _events():
    return Event.objects.published().prefetch_related(
        _public_clusters(), Prefetch("hosts", queryset=_linked_members(), to_attr="public_hosts")
    )


@api.get("/events/", response={200: schemas.EventPage, **ERRORS}, url_name="events", summary="Events", tags=["events"])
def event_list(request, params: Query[schemas.EventFilters]):
    """Published events, latest first, filtered like `/events/`; `when=upcoming` lists the coming
    ones soonest first."""
    listing = EventFilter(request.GET, _events().order_by("-starts_at", "-pk"), clusters=_published_clusters())
    return _filtered_page(request, listing, params)


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
    return get_object_or_404(events, slug=slug)


# --- good practices ----------------------------------------------------------------------------


def _solutions():
    partners = Member.objects.published().only("slug", "name", "country")
    return (
        Solution.objects.latest()
        .select_related("lead_member")
        .prefetch_related(
            _public_clusters(),
            Prefetch("targets", queryset=Target.objects.only("code", "goal_id", "title"), to_attr="target_list"),
            Prefetch("partners", queryset=partners, to_attr="public_partners"),
        )
    )


@api.get(
    "/solutions/",
    response={200: schemas.SolutionPage, **ERRORS},
    url_name="solutions",
    summary="Good practices",
    tags=["solutions"],
)
def solution_list(request, params: Query[schemas.SolutionFilters]):
    """Published good practices, newest first, filtered like `/solutions/`: `sdg=11` is any target of
    goal 11, `sdg=11.2` that target."""
    listing = SolutionFilter(
        request.GET,
        _solutions(),
        clusters=_published_clusters(),
        goals=list(Goal.objects.all()),
        targets=target_codes(),
    )
    return _filtered_page(request, listing, params)


@api.get(
    "/solutions/{slug}/",
    response={200: schemas.SolutionDetail, **ERRORS},
    url_name="solution",
    summary="One good practice",
    tags=["solutions"],
)
def solution_detail(request, slug: str = SlugPath):
    return get_object_or_404(_solutions().prefetch_related("results", "links"), slug=slug)


# --- the partnership exchange ------------------------------------------------------------------


def _posts(queryset):
    return queryset.select_related("member").prefetch_related(
        _public_clusters(),
        Prefetch("targets", queryset=Target.objects.only("code", "goal_id", "title"), to_attr="target_list"),
        Prefetch("formats", to_attr="format_list"),
        Prefetch("languages", to_attr="language_list"),
    )


@api.get(
    "/exchange/",
    response={200: schemas.PostPage, **ERRORS},
    url_name="exchange",
    summary="Partnership exchange",
    tags=["exchange"],
)
def post_list(request, params: Query[schemas.PostFilters]):
    """The open posts (requests and offers), newest first, filtered like `/exchange/`: `sdg=11` is any
    target of goal 11, `sdg=11.2` that target; `country` is the country of the post's member. A post
    that is met, withdrawn or past its expiry date leaves the list; its own address still answers."""
    listing = PostFilter(
        request.GET,
        _posts(Post.objects.listed()),
        clusters=_published_clusters(),
        goals=list(Goal.objects.all()),
        targets=target_codes(),
    )
    return _filtered_page(request, listing, params)


@api.get(
    "/exchange/{slug}/",
    response={200: schemas.PostDetail, **ERRORS},
    url_name="post",
    summary="One exchange post",
    tags=["exchange"],
)
def post_detail(request, slug: str = SlugPath):
    """Any published post, open or closed (`is_open`, `state`)."""
    return get_object_or_404(_posts(Post.objects.published()), slug=slug)
