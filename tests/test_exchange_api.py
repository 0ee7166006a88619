"""/api/exchange/: the open posts, filtered as /exchange/ is, and any published post by slug."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.publishing import Status
from exchange.models import Format, PostState, PostType, WorkingLanguage
from solutions.models import Target

from .exchange_helpers import make_post
from .factories import ClusterFactory, MemberFactory

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "desk@hangzhou.example.org"


def post(title, *, targets=(), formats=(), languages=(), **fields):
    created = make_post(
        title=title,
        targets=Target.objects.filter(code__in=targets),
        languages=WorkingLanguage.objects.filter(code__in=languages),
        **fields,
    )
    created.formats.set(Format.objects.filter(code__in=formats))
    return created


def titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["results"]}


@pytest.fixture
def posts(db):
    transport = ClusterFactory(slug="transport")
    hangzhou = MemberFactory(slug="hangzhou", name="Hangzhou", country="CN", contact_email=SECRET_EMAIL)
    koidu = MemberFactory(slug="koidu", country="SL")
    return {
        "brt": post(
            "BRT study visit",
            member=hangzhou,
            type=PostType.HOSTING_VISIT,
            clusters=[transport],
            targets=("11.2",),
            formats=("study-visit",),
            languages=("en", "zh-hans"),
            expires_on=dt.date(2031, 1, 31),
        ),
        "landfill": post(
            "Landfill gas",
            member=koidu,
            targets=("11.6",),
            formats=("expert-mission",),
            languages=("en",),
            description="Methane capture.",
        ),
        "met": post("Met one", member=koidu, state=PostState.MET, targets=("11.6",)),
        "lapsed": post("Lapsed", member=koidu, expires_on=timezone.localdate() - dt.timedelta(days=1)),
        "draft": post("Draft", member=koidu, status=Status.DRAFT),
    }


def test_the_list_holds_open_posts_with_what_a_card_needs_and_no_contact(client, posts):
    response = client.get("/api/exchange/")

    assert titles(response) == {"BRT study visit", "Landfill gas"}
    brt = next(item for item in response.json()["results"] if item["slug"] == posts["brt"].slug)
    assert brt["type"] == "hosting-visit" and brt["type_label"] == "Offering to host a study visit"
    assert brt["is_request"] is False and brt["is_open"] is True and brt["state"] == "open"
    assert brt["member"]["slug"] == "hangzhou" and brt["country"] == {"code": "CN", "name": "China"}
    assert brt["formats"] == ["study-visit"] and sorted(brt["working_languages"]) == ["en", "zh-hans"]
    assert brt["sdg_targets"][0]["code"] == "11.2" and brt["sdg_goals"] == [11]
    assert brt["expires_on"] == "2031-01-31"
    assert brt["url"].endswith(f"/exchange/{posts['brt'].slug}/")
    assert brt["clusters"][0]["slug"] == "transport"
    assert "details" not in brt
    assert SECRET_EMAIL not in response.text and "contact" not in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=hosting-visit", {"BRT study visit"}),
        ("cluster=transport", {"BRT study visit"}),
        ("sdg=11", {"BRT study visit", "Landfill gas"}),
        ("sdg=11.6", {"Landfill gas"}),
        ("country=sl", {"Landfill gas"}),
        ("format=study-visit&format=expert-mission", {"BRT study visit", "Landfill gas"}),
        ("language=zh-hans", {"BRT study visit"}),
        ("q=methane", {"Landfill gas"}),
        ("cluster=nowhere", set()),  # a value the page ignores with a notice matches nothing here
    ],
)
def test_the_list_filters_as_the_page_does(client, posts, query, expected):
    assert titles(client.get(f"/api/exchange/?{query}")) == expected


@pytest.mark.parametrize(
    "query", ["type=request", "sdg=18", "country=XYZ", "format=pigeon", "language=klingon", "page=0", "page_size=x"]
)
def test_a_value_outside_the_schema_is_a_422_never_an_error(client, posts, query):
    response = client.get(f"/api/exchange/?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_any_published_post_has_its_own_address_with_its_state(client, posts):
    met = client.get(f"/api/exchange/{posts['met'].slug}/").json()
    assert met["state"] == "met" and met["state_label"] == "Met" and met["is_open"] is False
    lapsed = client.get(f"/api/exchange/{posts['lapsed'].slug}/").json()
    assert lapsed["state"] == "open" and lapsed["is_open"] is False
    landfill = client.get(f"/api/exchange/{posts['landfill'].slug}/").json()
    assert landfill["details"] == "Expertise and a visit." and landfill["is_request"] is True
    assert client.get(f"/api/exchange/{posts['draft'].slug}/").status_code == 404
    assert client.get("/api/exchange/no-such-post/").status_code == 404


def test_the_index_and_the_openapi_document_name_the_exchange(client):
    assert client.get("/api/").json()["exchange"].endswith("/api/exchange/")
    document = client.get("/api/openapi.json").json()
    parameters = {param["name"]: param for param in document["paths"]["/api/exchange/"]["get"]["parameters"]}
    assert set(parameters) == {
        "type",
        "cluster",
        "sdg",
        "country",
        "format",
        "language",
        "q",
        "page",
        "page_size",
        "lang",
    }
    assert "PostDetail" in document["components"]["schemas"]


def test_the_list_runs_the_same_queries_at_any_size(client, django_capture_on_commit_callbacks):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/exchange/?sdg=11&page_size=100").status_code == 200
        return len(queries)

    for _ in range(3):
        post("Small", targets=("11.2",), formats=("online",), languages=("en",), member=MemberFactory())
    small = measure()
    with django_capture_on_commit_callbacks(execute=True):  # the caches learn of the new posts
        for _ in range(30):
            post("Large", targets=("11.2",), formats=("online",), languages=("en",), member=MemberFactory())
    assert measure() == small
