"""/sitemap.xml and /robots.txt for search engines."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from core.publishing import Status

from .exchange_helpers import make_post
from .factories import ArticleFactory, ClusterFactory, EventFactory, MemberFactory, PageFactory, SolutionFactory
from .queries import SCHEDULE

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "http://127.0.0.1:8000"


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - the portal's own output, not untrusted data


def all_urls(client):
    """Every <url> of every section the index lists: {address: lastmod}."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    urls = {}
    for loc in parse_xml(index.content).findall("sm:sitemap/sm:loc", NS):
        section = client.get(loc.text.removeprefix(SITE))
        assert section.status_code == 200
        for url in parse_xml(section.content).findall("sm:url", NS):
            urls[url.findtext("sm:loc", namespaces=NS)] = url.findtext("sm:lastmod", namespaces=NS)
    return urls


def test_the_sitemap_index_lists_one_sitemap_per_section(client):
    root = parse_xml(client.get("/sitemap.xml").content)

    assert [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)] == [
        f"{SITE}/sitemap-{section}.xml"
        for section in ("pages", "clusters", "members", "news", "events", "solutions", "exchange", "about")
    ]


def test_the_sitemap_lists_every_published_page_with_its_last_change(client):
    cluster = ClusterFactory()
    member = MemberFactory()
    article = ArticleFactory()
    event = EventFactory()

    urls = all_urls(client)

    for obj in (cluster, member, article, event):
        assert urls[f"{SITE}{obj.get_absolute_url()}"] == timezone.localdate(obj.updated_at).isoformat()
    for path in ("/", "/clusters/", "/members/", "/news/", "/events/"):
        assert urls[f"{SITE}{path}"]


def test_the_sitemap_leaves_out_drafts_and_scheduled_items(client):
    later = timezone.now() + dt.timedelta(days=1)
    hidden = [
        ClusterFactory(status=Status.DRAFT),
        MemberFactory(status=Status.DRAFT),
        ArticleFactory(status=Status.DRAFT),
        ArticleFactory(published_at=later),
        EventFactory(status=Status.DRAFT),
    ]
    MemberFactory()

    urls = all_urls(client)

    for obj in hidden:
        assert f"{SITE}{obj.get_absolute_url()}" not in urls


def test_a_future_publication_date_counts_as_the_last_change_once_it_has_come(client):
    article = ArticleFactory()
    published_at = timezone.now() - dt.timedelta(minutes=1)
    type(article).objects.filter(pk=article.pk).update(
        published_at=published_at, updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )

    urls = all_urls(client)

    # The publication day, not today: a minute ago is yesterday when the suite runs just after midnight.
    assert urls[f"{SITE}{article.get_absolute_url()}"] == timezone.localdate(published_at).isoformat()


@pytest.mark.parametrize("size", [3, 30])
def test_sitemap_queries_do_not_grow_with_the_data(client, django_assert_num_queries, size):
    ClusterFactory.create_batch(size)
    MemberFactory.create_batch(size)
    ArticleFactory.create_batch(size)
    EventFactory.create_batch(size)
    PageFactory.create_batch(size)
    SolutionFactory.create_batch(size)
    for _ in range(size):
        make_post()

    # Per section: its last change and its number of pages; the first answer after a change also
    # reads the schedule.
    with django_assert_num_queries(20 + SCHEDULE):
        client.get("/sitemap.xml")
    for section, count in {
        "pages": 6,
        "clusters": 2,
        "members": 2,
        "news": 2,
        "events": 2,
        "solutions": 2,
        "exchange": 2,
        "about": 2,
    }.items():
        with django_assert_num_queries(count):
            client.get(f"/sitemap-{section}.xml")


def test_an_unknown_section_is_a_404(client):
    assert client.get("/sitemap-nope.xml").status_code == 404


def test_robots_txt_keeps_crawlers_out_of_private_and_search_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    for path in ("/admin/", "/submit/", "/search/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
