"""/data/: the open data page, the Data Package descriptor and the streamed CSV, JSON and GeoJSON files."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from frictionless import Package

from core.publishing import Status
from members.models import Member
from opendata.resources import RESOURCES
from opendata.views import size_class
from tests.demo_snapshot import load_demo

from .factories import (
    ArticleFactory,
    CategoryFactory,
    ClusterFactory,
    EventFactory,
    MemberFactory,
    MembershipFactory,
    SolutionFactory,
    SolutionResultFactory,
)

FILES = [f"/data/{resource.name}.{fmt}" for resource in RESOURCES for fmt in resource.formats]
SECRET_NAME, SECRET_EMAIL = "Private Person Zyx", "private.zyx@example.org"


def body(response):
    assert response.status_code == 200, response
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def csv_rows(client, name, query=""):
    return list(csv.DictReader(io.StringIO(body(client.get(f"/data/{name}.csv{query}")))))


def validate(url):
    report = Package(url).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return report


# --- the package validates ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_package_of_the_demo_data_is_a_valid_data_package(live_server, settings):
    load_demo()
    settings.SITE_URL = live_server.url  # the descriptor's absolute addresses lead to this server
    report = validate(f"{live_server.url}/data/datapackage.json")
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert set(rows) == {resource.name for resource in RESOURCES}
    assert all(rows.values()), rows  # every resource has rows in the demo data


@pytest.mark.django_db(transaction=True)
def test_the_package_of_generated_data_at_scale_is_valid(live_server, settings):
    ClusterFactory.create_batch(3)
    CategoryFactory.create_batch(2)
    call_command(
        "generate_scale_data", members=120, news=60, events=20, solutions=30, posts=20, batch_size=50, verbosity=0
    )
    settings.SITE_URL = live_server.url
    report = validate(f"{live_server.url}/data/datapackage.json")
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    published = Member.objects.published().count()
    assert rows["members"] == published
    assert 100 < published < 120  # the drafts and scheduled ones are left out


def test_the_package_check_catches_a_file_that_breaks_its_schema(tmp_path):
    """The validation the two tests above rely on fails on a wrong value or a missing reference."""
    members = next(resource for resource in RESOURCES if resource.name == "members")
    solutions = next(resource for resource in RESOURCES if resource.name == "solutions")
    (tmp_path / "members.csv").write_text(
        ",".join(field.name for field in members.fields) + "\r\n" + "a,A,city,GH,,,,,,many,,,,,,http://x/\r\n"
    )
    (tmp_path / "solutions.csv").write_text(
        ",".join(field.name for field in solutions.fields)
        + "\r\n"
        + "s,S,,ongoing,2020,,2024-01-01T00:00:00+00:00,nobody,,,,,,http://x/\r\n"
    )
    descriptor = {
        "name": "broken",
        "resources": [
            {"name": r.name, "path": f"{r.name}.csv", "profile": "tabular-data-resource", "schema": r.schema()}
            for r in (members, solutions)
        ],
    }
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert {"type-error", "foreign-key"} <= {error.type for task in report.tasks for error in task.errors}


# --- what the files hold --------------------------------------------------------------------------


@pytest.fixture
def content(db):
    transport = ClusterFactory(slug="transport", name="Transport")
    ClusterFactory(slug="hidden-cluster", status=Status.DRAFT)
    accra = MemberFactory(slug="accra", name="Accra", country="GH", latitude="5.603717", longitude="-0.186964")
    MembershipFactory(cluster=transport, member=accra)
    kumasi = MemberFactory(slug="kumasi", name="Kumasi", country="GH", latitude="6.688", longitude="-1.624")
    solution = SolutionFactory(slug="bus-lanes", lead_member=accra, extra_countries=["KE"])
    solution.partners.add(kumasi)
    solution.clusters.add(transport)
    SolutionResultFactory(solution=solution, indicator="Riders")
    SolutionResultFactory(solution=solution, indicator="Minutes saved")
    ArticleFactory(slug="news-out").categories.add(CategoryFactory(slug="reports"))
    EventFactory(slug="webinar-out")
    future = timezone.now() + dt.timedelta(days=3)
    for status, when, prefix in (
        (Status.DRAFT, dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "draft"),
        (
            Status.PUBLISHED,
            future,
            "scheduled",
        ),
    ):
        hidden = MemberFactory(slug=f"{prefix}-member", status=status, published_at=when)
        SolutionFactory(slug=f"{prefix}-solution", status=status, published_at=when, lead_member=accra)
        ArticleFactory(slug=f"{prefix}-article", status=status, published_at=when)
        EventFactory(slug=f"{prefix}-event", status=status, published_at=when)
        solution.partners.add(hidden)  # a partner not public is not named
    return {"accra": accra, "solution": solution}


def test_no_file_holds_anyones_contact_details(client, content):
    Member.objects.update(contact_name=SECRET_NAME, contact_email=SECRET_EMAIL)
    for url in [*FILES, "/data/datapackage.json"]:
        response = client.get(url)
        text = body(response) if response.streaming else response.content.decode()
        assert SECRET_EMAIL not in text and SECRET_NAME not in text, url
        assert "contact" not in text, url


def test_drafts_and_scheduled_items_are_in_no_file(client, content):
    texts = {url: body(client.get(url)) for url in FILES}
    everything = "\n".join(texts.values())
    for prefix in ("draft", "scheduled"):
        for kind in ("member", "solution", "article", "event"):
            assert f"{prefix}-{kind}" not in everything
    assert "hidden-cluster" not in everything
    assert "accra" in texts["/data/members.csv"]
    assert "bus-lanes" in texts["/data/solutions.json"]
    assert "news-out" in texts["/data/news.csv"] and "webinar-out" in texts["/data/events.json"]


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda resource: resource.name)
def test_each_csv_starts_with_its_header(client, content, resource):
    text = body(client.get(f"/data/{resource.name}.csv"))
    assert text.splitlines()[0] == ",".join(field.name for field in resource.fields)
    assert client.get(f"/data/{resource.name}.csv")["Content-Type"] == "text/csv; charset=utf-8"


def test_rows_name_related_items_by_slug(client, content):
    [accra] = [row for row in csv_rows(client, "members") if row["slug"] == "accra"]
    assert accra["clusters"] == "transport"
    assert accra["url"] == "http://127.0.0.1:8000/members/accra/"
    assert "contact_email" not in accra
    [solution] = csv_rows(client, "solutions")
    assert solution["lead_member"] == "accra"
    assert solution["partners"] == "kumasi"  # not the draft or scheduled partners
    assert solution["countries"] == "GH;KE"
    assert solution["clusters"] == "transport"
    results = csv_rows(client, "solution-results")
    assert [(row["solution"], row["position"], row["indicator"]) for row in results] == [
        ("bus-lanes", "1", "Riders"),
        ("bus-lanes", "2", "Minutes saved"),
    ]
    [article] = csv_rows(client, "news")
    assert article["categories"] == "reports"
    assert "body" not in article


def test_geojson_is_a_feature_collection_of_longitude_latitude_points(client, content):
    members = json.loads(body(client.get("/data/members.geojson")))
    assert members["type"] == "FeatureCollection"
    assert members["licenses"][0]["name"] == "CC-BY-4.0"
    features = {feature["id"]: feature for feature in members["features"]}
    assert features["accra"]["type"] == "Feature"
    assert features["accra"]["geometry"] == {"type": "Point", "coordinates": [-0.186964, 5.603717]}
    assert features["accra"]["properties"]["name"] == "Accra"
    assert "scheduled-member" not in features
    solutions = json.loads(body(client.get("/data/solutions.geojson")))
    [solution] = solutions["features"]
    assert solution["geometry"] == {"type": "MultiPoint", "coordinates": [[-0.186964, 5.603717], [-1.624, 6.688]]}
    for feature in members["features"] + solutions["features"]:
        points = feature["geometry"]["coordinates"]
        for longitude, latitude in points if feature["geometry"]["type"] == "MultiPoint" else [points]:
            assert -180 <= longitude <= 180 and -90 <= latitude <= 90


def test_json_files_carry_the_licence_and_their_rows(client, content, settings):
    settings.OPEN_DATA_LICENSE = {
        "name": "ODbL-1.0",
        "path": "https://opendatacommons.org/licenses/odbl/",
        "title": "ODbL",
    }
    data = json.loads(body(client.get("/data/members.json")))
    assert data["licenses"] == [settings.OPEN_DATA_LICENSE]
    assert data["datapackage"] == "http://127.0.0.1:8000/data/datapackage.json"
    accra = next(row for row in data["data"] if row["slug"] == "accra")
    assert accra["latitude"] == 5.603717 and accra["clusters"] == ["transport"]
    descriptor = client.get("/data/datapackage.json").json()
    assert descriptor["licenses"] == [settings.OPEN_DATA_LICENSE]
    assert client.get("/data/").content.decode().count("https://opendatacommons.org/licenses/odbl/") >= 2


def test_the_descriptor_describes_every_csv_file_at_its_absolute_address(client, content):
    response = client.get("/data/datapackage.json")
    assert response["Access-Control-Allow-Origin"] == "*"
    descriptor = response.json()
    assert descriptor["profile"] == "tabular-data-package"
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert resources["members"]["path"] == "http://127.0.0.1:8000/data/members.csv"
    assert resources["solution-results"]["schema"]["primaryKey"] == ["solution", "position"]
    assert resources["solution-results"]["schema"]["foreignKeys"] == [
        {"fields": ["solution"], "reference": {"resource": "solutions", "fields": ["slug"]}}
    ]
    assert resources["members"]["schema"]["fields"][0] == {
        "name": "slug",
        "type": "string",
        "description": "Identifier used in the item's addresses; unique.",
        "constraints": {"required": True},
    }


def test_text_is_english_unless_lang_asks_for_another_language(client, content):
    Member.objects.filter(slug="accra").update(name_es="Acra")
    assert {row["name"] for row in csv_rows(client, "members")} >= {"Accra"}
    spanish = csv_rows(client, "members", "?lang=es")
    assert next(row for row in spanish if row["slug"] == "accra")["name"] == "Acra"
    assert next(row for row in spanish if row["slug"] == "kumasi")["name"] == "Kumasi"  # English where none
    assert next(row for row in spanish if row["slug"] == "accra")["url"] == "http://127.0.0.1:8000/es/members/accra/"
    response = client.get("/data/members.csv?lang=xx")
    assert response.status_code == 400
    assert client.get("/data/news.geojson").status_code == 404
    assert client.get("/data/secrets.csv").status_code == 404


def test_a_file_is_read_with_as_many_queries_whatever_its_length(client, content, settings):
    settings.AGGREGATE_CACHE_SECONDS = 0  # the figures for the ETag are read each time, not remembered

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            body(client.get(url))
        return len(captured)

    few = {url: queries(url) for url in FILES}
    clusters = ClusterFactory.create_batch(3)
    for _index in range(40):
        member = MemberFactory(latitude="1.5", longitude="2.5")
        for cluster in clusters:
            MembershipFactory(cluster=cluster, member=member)
        solution = SolutionFactory(lead_member=member)
        solution.partners.add(content["accra"])
        solution.clusters.add(*clusters)
        SolutionResultFactory(solution=solution)
        article = ArticleFactory()
        article.categories.add(CategoryFactory())
        article.clusters.add(*clusters)
        event = EventFactory()
        event.clusters.add(*clusters)
        event.hosts.add(member)
    many = {url: queries(url) for url in FILES}
    assert many == few


def test_an_unchanged_file_is_not_sent_again_and_a_change_gives_a_new_one(
    client, content, django_capture_on_commit_callbacks
):
    first = client.get("/data/members.csv")
    body(first)
    etag = first["ETag"]
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert client.get("/data/members.csv", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/data/members.csv?lang=es")["ETag"] != etag
    with django_capture_on_commit_callbacks(execute=True):
        Member.objects.filter(slug="kumasi").unpublish()  # a bulk write: no updated_at moves
    again = client.get("/data/members.csv", headers={"if-none-match": etag})
    assert again.status_code == 200
    assert "kumasi" not in body(again)


def test_head_sends_the_headers_without_reading_the_rows(client, content):
    with CaptureQueriesContext(connection) as captured:
        response = client.head("/data/members.csv")
        assert b"".join(response.streaming_content) == b""
    assert response.status_code == 200
    assert not any("members_member" in query["sql"] and "slug" in query["sql"] for query in captured)


# --- the page -------------------------------------------------------------------------------------


def test_the_page_lists_every_download_with_licence_size_and_last_change(client, content):
    response = client.get("/data/")
    assert response.status_code == 200
    html = response.content.decode()
    for url in FILES:
        assert f'href="{url}"' in html
    assert 'href="/data/datapackage.json"' in html
    assert "Creative Commons Attribution 4.0 International" in html
    assert "under 100 kB" in html
    changed = max(member.updated_at for member in Member.objects.published())
    day = timezone.localtime(changed).date().isoformat()
    assert f'<time datetime="{day}">{date_format(changed, "DATE_FORMAT")}</time>' in html
    assert 'id="fields-members"' in html and "<code>latitude</code>" in html


def test_the_page_is_translated_and_linked_from_every_page_and_the_sitemap(client, content):
    assert client.get("/es/data/").status_code == 200
    assert client.get("/es/data/")["Content-Language"] == "es"
    assert 'href="/data/"' in client.get("/").content.decode()
    assert 'href="/es/data/"' in client.get("/es/news/").content.decode()
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "http://127.0.0.1:8000/data/" in sitemap


def test_the_size_class_matches_what_the_benchmark_downloaded():
    """docs/performance.md: at 89,296 published members the CSV weighed 27.7 MB, the JSON 48.8 MB."""
    assert str(size_class("members", "csv", 89_296)) == "10 to 100 MB"
    assert str(size_class("members", "json", 89_296)) == "10 to 100 MB"
    assert str(size_class("members", "csv", 21)) == "under 100 kB"
    assert str(size_class("members", "csv", 1_000_000)) == "over 100 MB"
