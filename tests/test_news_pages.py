"""The news list (/news/) and the article page (/news/<slug>/)."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import images
from core.publishing import Status
from demo import placeholders
from news.views import PER_PAGE, RELATED_COUNT

from .factories import ArticleFactory, CategoryFactory, ClusterFactory, MemberFactory
from .page_budget import BUDGET, page_weight
from .queries import SCHEDULE

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["articles"]]


def when(year, month=6, day=1):
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


# The list ------------------------------------------------------------------------------------


def test_news_list_shows_published_articles_newest_first(client):
    ArticleFactory(title="Older", published_at=when(2021))
    ArticleFactory(title="Newer", published_at=when(2023))

    response = client.get("/news/")

    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]


def test_news_list_leaves_out_drafts_and_scheduled_articles_from_list_and_count(client):
    ArticleFactory(title="Public story")
    ArticleFactory(title="Draft story", status=Status.DRAFT)
    ArticleFactory(title="Scheduled story", published_at=timezone.now() + dt.timedelta(days=1))

    response = client.get("/news/")

    assert titles(response) == ["Public story"]
    assert "1 article" in response.text
    assert "Draft story" not in response.text
    assert "Scheduled story" not in response.text


def test_cluster_filter_keeps_only_articles_in_that_cluster(client):
    transport, waste = ClusterFactory(slug="transport"), ClusterFactory(slug="waste")
    ArticleFactory(title="Buses").clusters.add(transport)
    ArticleFactory(title="Landfills").clusters.add(waste)
    ArticleFactory(title="No cluster")

    response = client.get("/news/", {"cluster": "transport"})

    assert titles(response) == ["Buses"]


def test_category_filter_keeps_only_articles_in_that_category(client):
    webinars, news = CategoryFactory(slug="webinars"), CategoryFactory(slug="news")
    ArticleFactory(title="A webinar").categories.add(webinars)
    ArticleFactory(title="A story").categories.add(news)

    response = client.get("/news/", {"category": "webinars"})

    assert titles(response) == ["A webinar"]


def test_year_filter_keeps_only_articles_published_that_year(client):
    ArticleFactory(title="2022 story", published_at=when(2022, 12, 31))
    ArticleFactory(title="2023 story", published_at=when(2023, 1, 1))

    response = client.get("/news/", {"year": "2023"})

    assert titles(response) == ["2023 story"]


def test_year_select_offers_only_years_with_published_news(client):
    ArticleFactory(published_at=when(2021))
    ArticleFactory(published_at=when(2019), status=Status.DRAFT)

    response = client.get("/news/")

    assert response.context["years"] == [2021]


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_q_finds_words_in_title_summary_or_body_whatever_the_case(client, field):
    ArticleFactory(title="Unrelated", summary="Nothing here.", body="<p>Nothing.</p>")
    ArticleFactory(**{"title": "Other", "summary": "Other.", "body": "<p>Other.</p>", field: "Electric BUSES arrive"})

    response = client.get("/news/", {"q": "electric buses"})

    assert len(response.context["articles"]) == 1


def test_filters_combine_so_an_article_must_match_all_of_them(client):
    transport = ClusterFactory(slug="transport")
    webinars = CategoryFactory(slug="webinars")
    both = ArticleFactory(title="Transport webinar 2023", published_at=when(2023))
    both.clusters.add(transport)
    both.categories.add(webinars)
    ArticleFactory(title="Transport story 2023", published_at=when(2023)).clusters.add(transport)
    old = ArticleFactory(title="Transport webinar 2021", published_at=when(2021))
    old.clusters.add(transport)
    old.categories.add(webinars)

    response = client.get("/news/", {"cluster": "transport", "category": "webinars", "year": "2023", "q": "webinar"})

    assert titles(response) == ["Transport webinar 2023"]


def test_a_draft_cluster_is_not_a_filter_choice(client):
    ClusterFactory(slug="hidden", status=Status.DRAFT)
    ArticleFactory(title="Anything")

    response = client.get("/news/", {"cluster": "hidden"})

    assert 'value="hidden"' not in response.text
    assert "Cluster “hidden” was ignored" in response.text
    assert titles(response) == ["Anything"]


def test_two_clusters_and_two_categories_list_an_article_of_both_once(client):
    transport, waste = ClusterFactory(slug="transport"), ClusterFactory(slug="waste")
    webinars, pilots = CategoryFactory(slug="webinars"), CategoryFactory(slug="pilots")
    both = ArticleFactory(title="Both", published_at=when(2023))
    both.clusters.add(transport, waste)
    both.categories.add(webinars, pilots)
    buses = ArticleFactory(title="Buses", published_at=when(2022))
    buses.clusters.add(transport)
    buses.categories.add(pilots)
    ArticleFactory(title="Other", published_at=when(2021)).clusters.add(waste)

    response = client.get("/news/", {"cluster": ["transport", "waste"], "category": ["webinars", "pilots"]})

    assert titles(response) == ["Both", "Buses"]
    assert "2 articles" in response.text


def test_result_count_and_active_filters_are_shown_with_links_that_remove_them(client):
    transport = ClusterFactory(slug="transport", short_name="Transport")
    ArticleFactory(title="Buses", published_at=when(2023)).clusters.add(transport)
    ArticleFactory(title="Trams", published_at=when(2023)).clusters.add(transport)

    response = client.get("/news/", {"cluster": "transport", "year": "2023"})

    assert "2 articles" in response.text
    assert "Cluster: Transport" in response.text
    assert "Year: 2023" in response.text
    assert 'href="/news/?year=2023"' in response.text  # removes the cluster, keeps the year
    assert 'href="/news/?cluster=transport"' in response.text


def test_the_filter_form_is_a_plain_get_form_with_a_label_for_every_field(client):
    response = client.get("/news/")

    assert '<form class="filters" method="get" action="/news/"' in response.text
    for name in ("q", "cluster", "category", "year"):
        assert f'<label for="news-{name}">' in response.text
        assert f'id="news-{name}"' in response.text
    assert "<script" not in response.text


def test_list_pages_through_results_with_the_page_parameter(client):
    for day in range(PER_PAGE + 2):
        ArticleFactory(published_at=when(2023, 1, day + 1))

    first = client.get("/news/")
    second = client.get("/news/", {"page": "2"})

    assert len(first.context["articles"]) == PER_PAGE
    assert len(second.context["articles"]) == 2
    assert 'rel="next" href="?page=2"' in first.text
    assert "Page 2 of 2" in second.text


def test_pagination_links_keep_the_filters(client):
    transport = ClusterFactory(slug="transport")
    for _ in range(PER_PAGE + 1):
        ArticleFactory().clusters.add(transport)

    response = client.get("/news/", {"cluster": "transport"})

    assert 'href="?cluster=transport&amp;page=2"' in response.text


def test_cards_show_the_card_variant_of_the_lead_image_lazily_with_its_size(client):
    article = ArticleFactory(lead_image_caption="Buses in Santiago")
    article.lead_image.save("bus.jpg", ContentFile(placeholders.photo("Bus")), save=True)

    response = client.get("/news/")

    width, height = images.CARD
    assert f'src="{article.lead_card.url}" width="{width}" height="{height}"' in response.text
    assert 'alt="Buses in Santiago" loading="lazy"' in response.text
    assert article.lead_image.url not in response.text  # never the original


# Bad input: a 200 with a message, never a 500 ------------------------------------------------

BAD_INPUTS = [
    ("page=abc", "is not a page number"),
    ("page=-1", "There is no page -1"),
    ("page=999999999", "There is no page 999999999"),
    ("page=" + "9" * 5000, "is not a page number"),
    ("cluster=nowhere", "Cluster “nowhere” was ignored"),
    ("category=nothing", "Category “nothing” was ignored"),
    ("year=abcd", "Year “abcd” was ignored"),
    ("year=99999", "Year “99999” was ignored"),
    ("q=%00", None),  # a control character is dropped: nothing is left to search for
    ("q=" + "x" * 10_000, "The search was cut to its first 200 characters."),
    ("q=%ff%fe", "0 articles"),  # searched for as U+FFFD text: nothing matches
    ("cluster=%ff", "Cluster “\N{REPLACEMENT CHARACTER}” was ignored"),
    ("&".join(["year=2023"] * 1000), None),
    ("&".join(["cluster=nowhere"] * 1000), "Cluster “nowhere” was ignored"),
]


@pytest.mark.parametrize(("query", "message"), BAD_INPUTS, ids=lambda v: str(v)[:30])
def test_bad_input_gives_a_page_with_a_message_never_an_error(client, query, message):
    ArticleFactory(title="Still listed", published_at=when(2023))

    response = client.get(f"/news/?{query}")

    assert response.status_code == 200
    if message:
        assert message in response.text
    if not query.startswith(("q=%ff", "q=xx")):  # searches that match nothing
        assert "Still listed" in response.text


def test_a_bad_filter_is_ignored_and_the_good_ones_still_apply(client):
    transport = ClusterFactory(slug="transport")
    ArticleFactory(title="Buses").clusters.add(transport)
    ArticleFactory(title="Landfills")

    response = client.get("/news/", {"cluster": "transport", "year": "abcd"})

    assert titles(response) == ["Buses"]
    assert "Year “abcd” was ignored" in response.text


def test_echoed_input_is_escaped(client):
    response = client.get("/news/", {"q": '"><script>alert(1)</script>', "cluster": "<b>x</b>"})

    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<b>x</b>" not in response.text


# The article page ------------------------------------------------------------------------------


def test_article_page_shows_title_date_summary_and_body(client):
    article = ArticleFactory(
        title="Pilot launched", summary="A short summary.", body="<p>Body text.</p>", published_at=when(2022, 12, 19)
    )

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "<h1>Pilot launched</h1>" in response.text
    assert "19 December 2022" in response.text
    assert "A short summary." in response.text
    assert "<p>Body text.</p>" in response.text


def test_article_page_shows_the_lead_image_variant_with_caption_and_size(client):
    article = ArticleFactory(lead_image_caption="Electric buses in Santiago")
    article.lead_image.save("bus.jpg", ContentFile(placeholders.photo("Bus")), save=True)

    response = client.get(article.get_absolute_url())

    width, height = images.HERO
    assert f'width="{width}" height="{height}" alt="Electric buses in Santiago"' in response.text
    assert article.lead_large.url in response.text
    assert f"{article.lead_small.url} 640w" in response.text
    assert "<figcaption>Electric buses in Santiago</figcaption>" in response.text
    assert article.lead_image.url not in response.text


def test_article_page_lists_published_clusters_and_categories_only(client):
    article = ArticleFactory()
    article.clusters.add(ClusterFactory(name="Waste Management"), ClusterFactory(name="Secret", status=Status.DRAFT))
    article.categories.add(CategoryFactory(name="Webinars", slug="webinars"))

    response = client.get(article.get_absolute_url())

    assert "Waste Management" in response.text
    assert "Secret" not in response.text
    assert 'href="/news/?category=webinars">Webinars</a>' in response.text


def test_article_page_links_published_related_members_only(client):
    article = ArticleFactory()
    public = MemberFactory(name="Buenos Aires")
    article.related_members.add(public, MemberFactory(name="Unlisted Town", status=Status.DRAFT))

    response = client.get(article.get_absolute_url())

    assert f'<a href="{public.get_absolute_url()}">Buenos Aires</a>' in response.text
    assert "Unlisted Town" not in response.text


def test_related_news_share_a_cluster_or_a_category_and_leave_out_the_article_itself(client):
    transport, webinars = ClusterFactory(), CategoryFactory()
    article = ArticleFactory(title="The article")
    article.clusters.add(transport)
    article.categories.add(webinars)
    ArticleFactory(title="Same cluster", published_at=when(2023)).clusters.add(transport)
    ArticleFactory(title="Same category", published_at=when(2022)).categories.add(webinars)
    ArticleFactory(title="Unrelated")
    ArticleFactory(title="Draft in cluster", status=Status.DRAFT).clusters.add(transport)

    response = client.get(article.get_absolute_url())

    assert [a.title for a in response.context["related_articles"]] == ["Same cluster", "Same category"]
    assert "Draft in cluster" not in response.text


def test_related_news_are_a_fixed_small_number_newest_first(client):
    transport = ClusterFactory()
    article = ArticleFactory(published_at=when(2020))
    article.clusters.add(transport)
    for year in range(2010, 2020):
        ArticleFactory(title=f"Story {year}", published_at=when(year)).clusters.add(transport)

    related = client.get(article.get_absolute_url()).context["related_articles"]

    assert [a.title for a in related] == ["Story 2019", "Story 2018", "Story 2017"][:RELATED_COUNT]


def test_sharing_only_a_draft_cluster_does_not_make_news_related(client):
    hidden = ClusterFactory(status=Status.DRAFT)
    article = ArticleFactory()
    article.clusters.add(hidden)
    ArticleFactory(title="Other in hidden cluster").clusters.add(hidden)

    response = client.get(article.get_absolute_url())

    assert list(response.context["related_articles"]) == []


def test_article_page_has_title_description_canonical_and_open_graph(client):
    article = ArticleFactory(title="Pilot launched", summary="A short summary.")

    html = client.get(article.get_absolute_url()).text

    assert "<title>Pilot launched · " in html
    assert '<meta name="description" content="A short summary.">' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{article.get_absolute_url()}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Pilot launched">' in html


@pytest.mark.parametrize(
    "article_kwargs",
    [{"status": Status.DRAFT}, {"published_at": timezone.now() + dt.timedelta(days=2)}],
    ids=["draft", "scheduled"],
)
def test_an_unpublished_article_is_a_404(client, article_kwargs):
    article = ArticleFactory(**article_kwargs)

    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_unknown_article_is_a_404(client):
    assert client.get("/news/no-such-story/").status_code == 404


# Budgets ---------------------------------------------------------------------------------------


def make_news(count):
    clusters = [ClusterFactory() for _ in range(3)]
    categories = [CategoryFactory() for _ in range(3)]
    members = [MemberFactory() for _ in range(3)]
    articles = []
    for index in range(count):
        article = ArticleFactory(published_at=when(2015 + index % 9, 1 + index % 12))
        article.clusters.add(*clusters)
        article.categories.add(*categories)
        article.related_members.add(*members)
        articles.append(article)
    return articles


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("query", ["", "?page=2", "?cluster=cluster-0&year=2016", "?q=article&category=nope"], ids=str)
def test_news_list_query_count_does_not_grow_with_the_news(client, django_assert_num_queries, count, query):
    make_news(count)

    with django_assert_num_queries(8 + SCHEDULE):
        response = client.get(f"/news/{query}")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_article_page_query_count_does_not_grow_with_related_content(client, django_assert_num_queries, count):
    article = make_news(count)[0]

    with django_assert_num_queries(8 + SCHEDULE):
        response = client.get(article.get_absolute_url())

    assert len(response.context["related_articles"]) == min(count - 1, RELATED_COUNT)


@pytest.mark.parametrize("path", ["/news/", "/news/?page=2", "article"])
def test_news_pages_weigh_less_than_the_budget(client, path):
    articles = make_news(30)
    for article in articles:
        article.summary = "A summary of a realistic length for a news card on the list. " * 4
        article.save()
    url = articles[0].get_absolute_url() if path == "article" else path

    response = client.get(url)

    assert page_weight(response) < BUDGET


def test_a_valid_year_without_news_stays_selected_and_says_nothing_matches(client):
    ArticleFactory(published_at=when(2021))

    response = client.get("/news/", {"year": "2030"})

    assert '<option value="2030" selected>2030</option>' in response.text
    assert "No news matches these filters." in response.text


def test_control_characters_in_a_bad_page_number_are_not_echoed(client):
    response = client.get("/news/?page=%00%1b")

    assert response.status_code == 200
    assert "\x00" not in response.text
    assert "\x1b" not in response.text
    assert "is not a page number" in response.text


def test_the_article_page_reads_only_the_names_of_its_clusters(client):
    article = ArticleFactory()
    cluster = ClusterFactory(name="Waste Management", intro="Recycling together.")
    cluster.name_es = "Gestión de residuos"
    cluster.save()
    article.clusters.add(cluster)
    address = f"/es{article.get_absolute_url()}"

    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)

    (clusters,) = [
        query["sql"] for query in captured if 'FROM "clusters_cluster"' in query["sql"] and "MIN(" not in query["sql"]
    ]  # not the schedule's (core.page_cache)
    assert '"clusters_cluster"."description' not in clusters
    assert '"clusters_cluster"."intro' not in clusters
    assert ">Gestión de residuos</a>" in response.text
