"""Good practices: the SDG reference data, /solutions/ with its filters and facets, a solution's page."""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core.publishing import Status
from solutions.models import Goal, Target

from .demo_snapshot import load_demo
from .factories import (
    ClusterFactory,
    MemberFactory,
    SolutionFactory,
    SolutionResultFactory,
)
from .queries import SCHEDULE

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_demo()


def titles(response):
    return re.findall(
        r'<h3 class="card__title"><a href="/(?:[a-z-]+/)?solutions/[^"]+/"[^>]*>([^<]+)</a>', response.text
    )


def tag(solution, *codes):
    solution.targets.set(Target.objects.filter(code__in=codes))
    return solution


# --- SDG reference data -------------------------------------------------------------------------


def test_the_migration_loads_17_goals_and_169_targets_in_six_languages():
    assert Goal.objects.count() == 17
    assert Target.objects.count() == 169
    target = Target.objects.get(code="11.2")
    assert target.goal_id == 11
    assert target.title_en.startswith(
        "By 2030, provide access to safe, affordable, accessible and sustainable transport"
    )
    assert target.title_ar and target.title_zh_hans and target.title_fr and target.title_ru and target.title_es
    assert not target.title_pt  # no Portuguese in the source: the English title is shown
    assert [t.code for t in Target.objects.filter(goal=6)][-2:] == ["6.a", "6.b"]
    assert Goal.objects.get(number=11).colour == "#FD9D24"


@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("/ar", "توفير إمكانية وصـول الجميع إلى نظم نقل"),
        ("/zh-hans", "向所有人提供安全、负担得起的、易于利用、可持续的交通运输系统"),
    ],
)
def test_arabic_and_chinese_solution_pages_show_the_target_titles_in_their_language(client, prefix, words):
    solution = tag(SolutionFactory(), "11.2")
    html = client.get(prefix + solution.get_absolute_url()).text
    assert words in html
    assert "Target 11.2" in html or "11.2" in html


def test_a_portuguese_page_shows_the_english_target_title_marked_as_english(client):
    solution = tag(SolutionFactory(), "11.2")
    html = client.get("/pt" + solution.get_absolute_url()).text
    assert '<span class="sdg-targets__title" lang="en" dir="ltr">By 2030, provide access' in html


# --- The library ----------------------------------------------------------------------------------


def test_the_sdg_parameter_takes_goals_and_targets_or_within(client):
    transport = tag(SolutionFactory(title="Bus lanes"), "11.2")
    air = tag(SolutionFactory(title="Clean air"), "11.6")
    water = tag(SolutionFactory(title="Water reuse"), "6.3")

    assert set(titles(client.get("/solutions/", {"sdg": "11"}))) == {transport.title, air.title}
    assert titles(client.get("/solutions/", {"sdg": "11.2"})) == [transport.title]
    assert set(titles(client.get("/solutions/?sdg=11.2&sdg=6"))) == {transport.title, water.title}
    assert set(titles(client.get("/solutions/", {"sdg": "6.A"}))) == set()  # a real code, nothing tagged


def test_country_comes_from_the_lead_member_the_partners_and_those_added(client):
    led = SolutionFactory(title="Led from Chile", lead_member=MemberFactory(country="CL"))
    partnered = SolutionFactory(title="With a Chilean partner", lead_member=MemberFactory(country="CN"))
    partnered.partners.add(MemberFactory(country="CL"))
    added = SolutionFactory(
        title="Also applied in Chile", lead_member=MemberFactory(country="MX"), extra_countries=["CL"]
    )
    SolutionFactory(title="Elsewhere", lead_member=MemberFactory(country="GH"))

    found = titles(client.get("/solutions/", {"country": "cl"}))

    assert sorted(found) == sorted([led.title, partnered.title, added.title])


def test_filters_combine_and_facets_count_with_the_other_filters(client):
    transport = ClusterFactory(slug="transport", short_name="Transport")
    one = tag(SolutionFactory(title="One", stage="ongoing"), "11.2")
    one.clusters.add(transport)
    two = tag(SolutionFactory(title="Two", stage="completed"), "11.6")
    two.clusters.add(transport)
    tag(SolutionFactory(title="Three", stage="completed"), "6.3")

    response = client.get("/solutions/", {"cluster": "transport", "status": "completed"})

    assert titles(response) == ["Two"]
    facets = {name: {o.value: o.count for o in options} for name, options in response.context["facets"].items()}
    assert facets["status"] == {"ongoing": 1, "completed": 1}  # within Transport, whatever the status
    assert facets["sdg"] == {"11": 1}  # Transport and completed
    assert facets["cluster"] == {"transport": 1}


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("sdg=18", "SDG “18” was ignored"),
        ("sdg=11.99", "SDG “11.99” was ignored"),
        ("sdg=%27;DROP", "SDG “&#x27;;drop” was ignored"),
        ("status=finished", "Status “finished” was ignored"),
        ("country=XX", "Country “XX” was ignored"),
        ("page=abc", "is not a page number"),
    ],
)
def test_bad_parameters_are_named_and_ignored_never_an_error(client, query, notice):
    SolutionFactory()
    response = client.get(f"/solutions/?{query}")
    assert response.status_code == 200
    assert notice in response.content.decode()


def test_drafts_and_scheduled_solutions_are_not_public(client):
    draft = SolutionFactory(title="Draft one", status=Status.DRAFT)
    SolutionFactory(title="Public one")
    assert titles(client.get("/solutions/")) == ["Public one"]
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_the_library_and_a_solution_run_the_same_queries_at_any_size(client, django_assert_num_queries, size):
    cluster = ClusterFactory()
    for solution in SolutionFactory.create_batch(size):
        tag(solution, "11.2", "13.2")
        solution.clusters.add(cluster)
        solution.partners.add(MemberFactory())
        SolutionResultFactory(solution=solution)
    last = solution
    with django_assert_num_queries(13 + SCHEDULE):  # the page's ids for its remembered cards, then the rows
        assert client.get("/solutions/").status_code == 200
    with django_assert_num_queries(10):  # with the map's country counts and points
        assert client.get(last.get_absolute_url()).status_code == 200


# --- A solution's page ---------------------------------------------------------------------------


def test_the_page_shows_results_members_and_never_a_contact_address(client):
    lead = MemberFactory(name="Koidu", contact_email="mayor@koidu.example.org", contact_name="A. Person")
    solution = tag(SolutionFactory(lead_member=lead), "11.6")
    SolutionResultFactory(
        solution=solution, indicator="Waste collected", baseline=10, value=25, unit="t/day", year=2023
    )

    html = client.get(solution.get_absolute_url()).text

    assert "Waste collected" in html and "t/day" in html and "25" in html
    assert f'href="{lead.get_absolute_url()}"' in html
    assert "Interested in this solution?" in html
    assert 'class="atlas-map__svg"' in html  # a map of where its members are
    assert 'href="/contact/"' in html
    assert "mayor@koidu.example.org" not in html and "A. Person" not in html


def test_without_results_the_page_invites_the_member_to_report_them(client):
    solution = SolutionFactory()
    html = client.get(solution.get_absolute_url()).text
    assert "No results have been reported as numbers yet." in html
    assert f'href="/submit/solution/{solution.lead_member.slug}/"' in html


def test_the_demo_data_has_a_solution_for_the_pilots_with_figures_only_from_sources(client, demo):
    response = client.get("/solutions/")
    assert len(titles(response)) == 4
    platform = client.get("/solutions/public-transport-data-platform/").text
    assert "Chinese cities where the platform runs (more than)" in platform
    santiago = client.get("/solutions/santiago-low-carbon-transport-pilot/").text
    assert "No results have been reported as numbers yet." in santiago  # the seeds give no figure
    with translation.override("ar"):
        arabic = client.get("/ar/solutions/santiago-low-carbon-transport-pilot/").text
    assert "مشروع تجريبي للنقل منخفض الكربون" in arabic


def test_search_finds_a_solution(client, demo):
    html = client.get("/search/", {"q": "heritage tourism"}).text
    assert 'href="/solutions/heritage-cities-sustainable-tourism/"' in html


def test_the_home_page_a_cluster_page_and_a_profile_list_their_solutions(client, demo):
    link = 'href="/solutions/santiago-low-carbon-transport-pilot/"'
    assert link in client.get("/").text
    assert link in client.get("/clusters/transport/").text
    assert link in client.get("/members/santiago-metropolitan-regional-government/").text  # it leads
    assert link in client.get("/members/uoct-chile/").text  # a partner
    assert link not in client.get("/clusters/waste/").text
    assert 'href="/solutions/"' in client.get("/news/").text  # in the navigation of every page


# --- The API --------------------------------------------------------------------------------------


def api_slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def test_the_api_filters_as_the_page_does_and_shows_no_contact_detail(client):
    lead = MemberFactory(country="CL", contact_email="lead@city.example.org", contact_name="Ana Contact")
    bus = tag(SolutionFactory(slug="bus", lead_member=lead, stage="completed"), "11.2")
    tag(SolutionFactory(slug="water"), "6.3")
    SolutionResultFactory(solution=bus, indicator="Daily bus passengers", baseline=1000, value=1500, year=2023)

    assert api_slugs(client.get("/api/solutions/?sdg=11")) == ["bus"]
    assert api_slugs(client.get("/api/solutions/?sdg=11.2&country=cl&status=completed")) == ["bus"]
    assert api_slugs(client.get("/api/solutions/?status=ongoing")) == ["water"]
    assert client.get("/api/solutions/?sdg=99").status_code == 422  # not an SDG code at all

    detail = client.get("/api/solutions/bus/")
    body = detail.json()
    assert body["sdg_targets"][0]["code"] == "11.2" and body["sdg_goals"] == [11]
    assert body["results"][0] == {
        "indicator": "Daily bus passengers",
        "baseline": 1000.0,
        "value": 1500.0,
        "unit": "passengers",
        "year": 2023,
        "source": "City transport office",
        "source_url": "",
    }
    assert body["countries"] == [{"code": "CL", "name": "Chile"}]
    assert "lead@city.example.org" not in detail.text and "Ana Contact" not in detail.text


def test_the_api_gives_target_titles_in_the_language_asked(client):
    tag(SolutionFactory(slug="bus"), "11.2")
    body = client.get("/api/solutions/bus/?lang=zh-hans").json()
    assert body["sdg_targets"][0]["title"].startswith("到2030年")


# --- Feed, sitemap, structured data ---------------------------------------------------------------


def test_the_feed_lists_published_solutions_newest_first_with_their_goals(client):
    tag(SolutionFactory(title="Older", published_at=timezone.now() - dt.timedelta(days=9)), "11.2")
    tag(SolutionFactory(title="Newer", published_at=timezone.now() - dt.timedelta(days=1)), "6.3")
    SolutionFactory(title="Draft", status=Status.DRAFT)

    response = client.get("/solutions/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    items = re.findall(r"<item><title>([^<]+)</title>", response.text)
    assert items == ["Newer", "Older"]
    assert "<category>SDG 6</category>" in response.text
    assert 'href="http://127.0.0.1:8000/solutions/feed/"' in client.get("/").text  # every page links it


def test_the_sitemap_lists_each_solution_in_every_language(client):
    solution = SolutionFactory(slug="bus-lanes")
    SolutionFactory(slug="draft-one", status=Status.DRAFT)
    sitemap = client.get("/sitemap-solutions.xml").text
    assert "<loc>http://127.0.0.1:8000/solutions/bus-lanes/</loc>" in sitemap
    assert "<loc>http://127.0.0.1:8000/ar/solutions/bus-lanes/</loc>" in sitemap
    assert "draft-one" not in sitemap
    assert solution.pk


def test_a_solution_page_describes_itself_for_search_engines(client):
    solution = tag(SolutionFactory(title="Bus lanes", first_year=2019), "11.2")
    html = client.get(solution.get_absolute_url()).text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "CreativeWork" and data["name"] == "Bus lanes"
    assert data["about"][0]["termCode"] == "11.2"
    assert data["temporalCoverage"] == "2019/.."
    assert data["creator"][0]["name"] == solution.lead_member.name


def test_feed_is_not_a_solution_address():
    with pytest.raises(ValidationError):
        SolutionFactory.build(slug="feed", lead_member=MemberFactory()).full_clean()
