"""The members map, the headline figures and the events chart (atlas/)."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.templatetags.static import static
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atlas import build, palette
from atlas.context import directory_map, overview
from atlas.projection import Frame
from atlas.queries import country_counts, events_per_year_by_cluster, member_points, point_rows, points_from_rows
from atlas.render import CODE_VERSION, SPRITE, EventsChartSvg, MembersMap, state_digest
from atlas.shapes import DATA_FILE
from core.publishing import Status
from events.models import Event
from members.models import Member

from .demo_snapshot import load_demo
from .factories import ClusterFactory, EventFactory, MemberFactory, MembershipFactory

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def svg_tree(html, kind="map"):
    """The first atlas SVG of a page (or an SVG string) as an XML tree."""
    match = re.search(rf'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="atlas-{kind}__svg".*?</svg>', html, re.S)
    assert match, f"no {kind} SVG in the page"
    return ET.fromstring(match.group(0))  # noqa: S314 - our own markup


def layer(tree, name):
    """The map's group of country links or of points (none when the map has nothing to show there)."""
    return tree.find(f".//{SVG}g[@class='atlas-map__{name}']")


def shaded_countries(tree):
    """{title: href} of the country links on the map."""
    group = layer(tree, "countries")
    return {a.find(f"{SVG}title").text: a.get("href") for a in group.iter(f"{SVG}a")}


def country_shapes(tree):
    """{country code: (fill, href of the drawn shape or None)} of every country link on the map.

    Each link draws its country with a `<use>` of the sprite (or only a dot, for a country too small
    for a shape); the fill is the shade of the group around it, which the link and its shape inherit.
    """
    shapes = {}
    for shade in layer(tree, "countries").findall(f"{SVG}g"):
        for a in shade.findall(f"{SVG}a"):
            use = a.find(f"{SVG}use")
            code = a.get("href").rsplit("country=", 1)[1][:2]
            shapes[code] = (shade.get("fill"), use.get("href") if use is not None else None)
    return shapes


def map_points(tree):
    group = layer(tree, "points")
    return {a.find(f"{SVG}title").text: a.get("href") for a in group.iter(f"{SVG}a")} if group is not None else {}


def sprite_ids():
    """The ids of the elements of the static sprite the maps draw from."""
    tree = ET.parse(finders.find(SPRITE))  # noqa: S314 - our own file
    return {element.get("id") for element in tree.iter() if element.get("id")}


def chart_segments(tree):
    return {rect.find(f"{SVG}title").text: float(rect.get("width")) for rect in tree.iter(f"{SVG}rect")}


def path_points(d):
    """The absolute points of a path written as `M x y l dx dy … z` (what the build writes)."""
    points = set()
    for start, steps in re.findall(r"M(-?\d+ -?\d+)l([^z]*)z", d.replace("-", " -")):
        x, y = map(int, start.split())
        points.add((x, y))
        numbers = list(map(int, steps.split()))
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.add((x, y))
    return points


def at(year, month=6):
    return dt.datetime(year, month, 15, 9, tzinfo=dt.UTC)


def event_in(year, *clusters, month=6, **kwargs):
    event = EventFactory(starts_at=at(year, month), ends_at=at(year, month) + dt.timedelta(hours=2), **kwargs)
    event.clusters.set(clusters)
    return event


# --- the map -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_map_has_every_member_country_with_its_count_and_directory_link():
    MemberFactory.create_batch(2, country="BR")
    MemberFactory(country="GH")
    MemberFactory(country="CN")

    tree = svg_tree(MembersMap(country_counts(Member.objects.all())).svg())

    assert shaded_countries(tree) == {
        "Brazil: 2 members": "/members/?country=BR",
        "Ghana: 1 member": "/members/?country=GH",
        "China: 1 member": "/members/?country=CN",
    }


@pytest.mark.django_db
def test_country_links_keep_the_filters_already_applied_and_drop_page_and_country():
    MemberFactory(country="CL")
    request = RequestFactory().get("/members/", {"cluster": ["transport", "waste"], "kind": "city", "page": "3"})

    tree = svg_tree(directory_map(Member.objects.all(), request.GET).svg())

    assert shaded_countries(tree) == {
        "Chile: 1 member": "?cluster=transport&cluster=waste&country=CL&kind=city",
    }


@pytest.mark.django_db
def test_a_filtered_member_set_maps_only_its_own_counts():
    transport = ClusterFactory(slug="transport")
    for country in ["BR", "BR", "AR"]:
        MembershipFactory(cluster=transport, member=MemberFactory(country=country))
    MemberFactory.create_batch(3, country="BR")  # not in the cluster
    MembershipFactory(cluster=transport, member=MemberFactory(country="BR", kind="company"))
    filtered = Member.objects.filter(memberships__cluster=transport, kind="city")

    request = RequestFactory().get("/members/", {"cluster": "transport", "kind": "city"})
    members_map = directory_map(filtered, request.GET)

    assert members_map.counts == {"BR": 2, "AR": 1}
    assert shaded_countries(svg_tree(members_map.svg())) == {
        "Brazil: 2 members": "?cluster=transport&country=BR&kind=city",
        "Argentina: 1 member": "?cluster=transport&country=AR&kind=city",
    }


@pytest.mark.django_db
def test_directory_page_map_links_keep_its_query_string(client):
    MemberFactory(name="Accra", country="GH", kind="city")

    response = client.get("/members/?q=accra&kind=city&page=1")

    assert response.status_code == 200
    # On the directory itself a link is just the new query string, which the browser resolves to /members/?…
    assert shaded_countries(svg_tree(response.text)) == {"Ghana: 1 member": "?country=GH&kind=city&q=accra"}
    assert '<a href="?country=GH&amp;kind=city&amp;q=accra">Ghana</a>' in response.text


@pytest.mark.django_db
def test_maps_outside_the_directory_link_to_the_directory_by_its_full_path(client):
    cluster = ClusterFactory(slug="transport")
    MembershipFactory(cluster=cluster, member=MemberFactory(country="GH"))

    home, cluster_page = client.get("/").text, client.get("/clusters/transport/").text

    assert shaded_countries(svg_tree(home)) == {"Ghana: 1 member": "/members/?country=GH"}
    assert shaded_countries(svg_tree(cluster_page)) == {"Ghana: 1 member": "/members/?cluster=transport&country=GH"}


@pytest.mark.django_db
def test_each_shaded_country_draws_its_own_shape_from_the_static_sprite_in_its_shade():
    MemberFactory.create_batch(12, country="BR")
    MemberFactory.create_batch(3, country="GH")
    MemberFactory(country="SG")  # too small for a shape: a dot only

    tree = svg_tree(MembersMap(country_counts(Member.objects.all())).svg())

    sprite = static(SPRITE)
    assert country_shapes(tree) == {
        "BR": (palette.STEPS[3][1], f"{sprite}#BR"),
        "GH": (palette.STEPS[1][1], f"{sprite}#GH"),
        "SG": (palette.STEPS[0][1], None),
    }
    assert {"BR", "GH"} <= sprite_ids()


@pytest.mark.django_db
def test_the_page_carries_no_geometry_only_references_to_the_cached_sprite(client):
    MemberFactory.create_batch(2, country="BR")

    html = client.get("/").text

    tree = svg_tree(html)
    base = tree.find(f"{SVG}use")  # the first thing drawn: every country, unshaded
    assert base.get("href") == f"{static(SPRITE)}#{build.SPRITE_WORLD}"
    assert base.get("fill") == palette.LAND
    assert not list(tree.iter(f"{SVG}path"))


@pytest.mark.django_db
def test_members_with_coordinates_are_points_linking_to_their_profiles():
    MemberFactory(name="Baguio", slug="baguio", country="PH", latitude="16.41", longitude="120.60")
    MemberFactory(name="No Place", slug="no-place", country="PH")

    tree = svg_tree(MembersMap(country_counts(Member.objects.all()), member_points(Member.objects.all())).svg())

    assert map_points(tree) == {"Baguio": "/members/baguio/"}


@pytest.mark.django_db
def test_a_country_too_small_for_a_shape_is_still_a_clickable_point_and_a_table_row(client):
    MemberFactory(country="SG", locality="Singapore")

    response = client.get("/")

    tree = svg_tree(response.text)
    link = next(a for a in tree.iter(f"{SVG}a") if a.get("href") == "/members/?country=SG")
    assert link.find(f"{SVG}circle") is not None
    assert link.find(f"{SVG}use") is None  # no shape at this scale
    assert '<a href="/members/?country=SG">Singapore</a>' in response.text


@pytest.mark.django_db
def test_map_has_an_accessible_name_and_a_table_of_countries_beside_it(client):
    MemberFactory.create_batch(3, country="BR")
    MemberFactory(country="ZM")

    html = client.get("/").text

    tree = svg_tree(html)
    title_id, _desc_id = tree.get("aria-labelledby").split()
    assert tree.find(f"{SVG}title").get("id") == title_id
    assert "4 members in 2 countries" in tree.find(f"{SVG}desc").text
    table = re.search(r'<table class="atlas-table">\s*<caption>Members by country</caption>.*?</table>', html, re.S)
    assert table
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>(\d+)</td>', table.group(0))
    assert rows == [("/members/?country=BR", "Brazil", "3"), ("/members/?country=ZM", "Zambia", "1")]


@pytest.mark.django_db
def test_the_legend_names_every_shade():
    html = MembersMap({"BR": 1}).svg()
    legend = MembersMap({"BR": 1}).legend

    assert [label for label, _ in legend] == ["1", "2–4", "5–9", "10–24", "25+"]
    assert len({colour for _, colour in legend}) == 5
    assert f'fill="{legend[0][1]}"' in html


@pytest.mark.django_db
def test_a_map_without_members_says_so(client):
    html = client.get("/").text

    assert not shaded_countries(svg_tree(html))
    assert "No members to show." in html


def test_the_map_is_drawn_once_per_state_then_served_from_the_cache():
    first = MembersMap({"BR": 2}, filters={"cluster": "transport"})
    cache.set(f"atlas:map:{CODE_VERSION}:{first.digest}", "<svg>kept</svg>")

    assert MembersMap({"BR": 2}, filters={"cluster": "transport"}).svg() == "<svg>kept</svg>"
    assert MembersMap({"BR": 3}, filters={"cluster": "transport"}).svg() != "<svg>kept</svg>"
    assert MembersMap({"BR": 2}, filters={"cluster": "waste"}).svg() != "<svg>kept</svg>"


# --- publication state ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_unpublished_and_future_members_are_never_counted_or_drawn():
    MemberFactory(country="BR", latitude="-23.5", longitude="-46.6", name="Public")
    MemberFactory(country="CL", status=Status.DRAFT, latitude="-33.4", longitude="-70.6", name="Draft")
    MemberFactory(country="AR", published_at=timezone.now() + dt.timedelta(days=1), latitude="-34", longitude="-58")

    members = Member.objects.all()
    members_map = MembersMap(country_counts(members), member_points(members))

    assert members_map.counts == {"BR": 1}
    assert list(shaded_countries(svg_tree(members_map.svg()))) == ["Brazil: 1 member"]
    assert list(map_points(svg_tree(members_map.svg()))) == ["Public"]


@pytest.mark.django_db
def test_unpublished_events_and_clusters_never_reach_the_chart_or_the_figures():
    public, hidden = ClusterFactory(short_name="Public"), ClusterFactory(short_name="Hidden", status=Status.DRAFT)
    event_in(2023, public)
    event_in(2023, public, status=Status.DRAFT)
    event_in(2023, public, published_at=timezone.now() + dt.timedelta(days=1))
    event_in(2024, hidden)

    data = overview(members=Member.objects.all(), events=Event.objects.all())

    chart = data["chart"].chart
    assert chart.years == [2023]
    assert [(series.cluster.short_name, series.counts) for series in chart.series] == [("Public", [1])]
    assert data["figures"]["events"] == 2  # the event of the draft cluster is still a published event


@pytest.mark.django_db
def test_unpublished_members_do_not_change_the_home_page_figures(client):
    MemberFactory.create_batch(2, country="GH")
    MemberFactory(country="MX", status=Status.DRAFT)

    html = client.get("/").text

    figures = re.search(r'<ul class="stats".*?</ul>', html, re.S).group(0)
    assert re.findall(r"<strong>(\d+)</strong>\s*(\w+)", figures) == [
        ("2", "members"),
        ("1", "country"),
        ("0", "clusters"),
        ("0", "events"),
    ]


# --- the chart -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_chart_bars_match_the_events_counted_per_year_and_cluster():
    transport = ClusterFactory(short_name="Transport", order=1)
    waste = ClusterFactory(short_name="Waste", order=2)
    ClusterFactory(short_name="Tourism", order=3)  # no events: no series
    event_in(2021, transport)
    event_in(2021, transport, waste)
    event_in(2023, waste)
    event_in(2023, waste)
    event_in(2023, transport, month=12)

    chart = events_per_year_by_cluster(Event.objects.all())
    segments = chart_segments(svg_tree(EventsChartSvg(chart).svg(), "chart"))

    expected = {("Transport", 2021): 2, ("Waste", 2021): 1, ("Transport", 2023): 1, ("Waste", 2023): 2}
    assert chart.years == [2021, 2022, 2023]
    assert {
        (s.cluster.short_name, year): count
        for s in chart.series
        for year, count in zip(chart.years, s.counts, strict=True)
        if count
    } == expected
    assert set(segments) == {
        f"{name}, {year}: {count} event{'s' if count > 1 else ''}" for (name, year), count in expected.items()
    }
    # Bars are drawn to one scale: a segment of 2 is twice one of 1.
    assert segments["Transport, 2021: 2 events"] == pytest.approx(2 * segments["Waste, 2021: 1 event"], abs=0.2)
    assert chart.totals == [3, 0, 3]


@pytest.mark.django_db
def test_chart_has_an_accessible_name_and_a_table_of_the_same_figures(client):
    cluster = ClusterFactory(short_name="Transport")
    event_in(2022, cluster)
    event_in(2022, cluster)

    html = client.get("/").text

    tree = svg_tree(html, "chart")
    assert tree.get("role") == "img"
    assert tree.find(f"{SVG}title").text == "Events per year, by cluster"
    table = re.search(r"<details class=\"atlas-chart__data\">.*?</details>", html, re.S).group(0)
    assert re.search(r'<th scope="row">2022</th><td>2</td><td>2</td>', table)


@pytest.mark.django_db
def test_a_page_without_events_says_so_instead_of_an_empty_chart(client):
    html = client.get("/").text

    assert "atlas-chart__svg" not in html
    assert "No events yet." in html


# --- query counts --------------------------------------------------------------------------------


def make_world(size, cluster=None):
    cluster = cluster or ClusterFactory()
    for i in range(size):
        member = MemberFactory(country=["BR", "GH", "CN", "CL"][i % 4], latitude="1.5", longitude=str(i % 90))
        MembershipFactory(cluster=cluster, member=member)
        event_in(2020 + i % 5, cluster)
    return cluster


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_overview_runs_a_fixed_number_of_queries(size, django_assert_num_queries):
    make_world(size)
    with django_assert_num_queries(5):
        data = overview(members=Member.objects.all(), events=Event.objects.all())
        data["map"].svg()
        data["chart"].svg()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
def test_directory_map_runs_two_queries(size, django_assert_num_queries):
    make_world(size)
    request = RequestFactory().get("/members/", {"cluster": "x"})
    with django_assert_num_queries(2):
        directory_map(Member.objects.for_directory(), request.GET).svg()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/clusters/{slug}/", "/members/"])
def test_pages_with_the_atlas_do_not_run_more_queries_with_more_data(url, client, django_assert_max_num_queries):
    cluster = make_world(3)
    url = url.format(slug=cluster.slug)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make_world(27, cluster)
    cache.clear()

    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


# --- the demo data -------------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    load_demo()


def test_transport_cluster_map_shows_its_sixteen_members_in_nine_countries(demo, client):
    html = client.get("/clusters/transport/").text

    tree = svg_tree(html)
    countries = shaded_countries(tree)
    assert len(countries) == 9
    assert sum(int(re.search(r": (\d+) member", title).group(1)) for title in countries) == 16
    assert len(map_points(tree)) == 16
    # The intro's figures (the demo's, counted from the same members): 10 cities and 6 partners in 9 countries.
    figures = re.search(r'<ul class="figure-cards".*?</ul>', html, re.S).group(0)
    assert re.findall(r"<strong>(\d+)</strong>", figures) == ["10", "6", "9"]


def test_brazil_on_the_transport_map_leads_to_the_directory_filtered_by_cluster_and_country(demo, client):
    tree = svg_tree(client.get("/clusters/transport/").text)

    assert shaded_countries(tree)["Brazil: 3 members"] == "/members/?cluster=transport&country=BR"


def test_home_page_with_the_atlas_stays_within_the_page_weight_budget(demo, client):
    html = client.get("/").content
    css = open(finders.find("css/site.css"), "rb").read()  # noqa: SIM115

    assert len(html) + len(css) < 100 * 1024


# --- the shapes ----------------------------------------------------------------------------------


def test_bundled_world_shapes_are_small_and_keyed_by_alpha2():
    data = json.loads(DATA_FILE.read_text())

    assert DATA_FILE.stat().st_size < 60 * 1024
    assert {"BR", "CN", "GH", "GM", "ZM", "MY", "PH", "CL", "AR"} <= set(data["countries"])
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in [*data["countries"], *data["dots"]])
    assert "Natural Earth" in data["source"]


def test_the_static_sprite_has_every_shape_and_matches_the_bundled_shapes():
    data = json.loads(DATA_FILE.read_text())
    sprite_file = finders.find(SPRITE)

    assert sprite_file, "the sprite is not a static file"
    assert open(sprite_file, encoding="utf-8").read() == build.sprite(data), "run manage.py build_world_shapes"  # noqa: SIM115
    assert sprite_ids() == {*data["countries"], build.SPRITE_WORLD}
    assert len(build.sprite(data).encode()) < 60 * 1024


def test_build_world_shapes_can_redraw_only_the_sprite_from_existing_shapes(tmp_path):
    output = tmp_path / "sprite.svg"

    call_command("build_world_shapes", sprite_only=True, sprite_output=output, verbosity=0)

    assert output.read_text(encoding="utf-8") == build.sprite(json.loads(DATA_FILE.read_text()))


def test_build_world_shapes_turns_numeric_ids_into_alpha2_and_keeps_shared_borders(tmp_path):
    # Two squares sharing one border (arc 0), as world-atlas encodes them: quantised, delta-encoded.
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [-60, -30]},
        "arcs": [[[10, 0], [0, 10]], [[10, 10], [-10, 0], [0, -10], [10, 0]], [[10, 0], [10, 0], [0, 10], [-10, 0]]],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "076", "properties": {"name": "Brazil"}},
                    {"type": "Polygon", "arcs": [[2, ~0]], "id": "032", "properties": {"name": "Argentina"}},
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "No code"}},
                ],
            }
        },
    }
    (tmp_path / "countries-110m.json").write_text(json.dumps(topology))
    output = tmp_path / "world.json"

    call_command("build_world_shapes", source=tmp_path, output=output, verbosity=0)

    data = json.loads(output.read_text())
    assert set(data["countries"]) == {"BR", "AR"}
    assert len(data["land"]) == 1  # the feature without an ISO code: land, never shaded
    frame = Frame(data["width"], data["north"], data["south"])
    border = {tuple(round(c) for c in frame.project(-50, lat)) for lat in (-30, -20)}
    assert border <= path_points(data["countries"]["BR"])
    assert border <= path_points(data["countries"]["AR"])
    # The sprite is written beside a trial build, never over the site's own.
    sprite = ET.parse(tmp_path / "world.svg")  # noqa: S314 - just written by the test
    assert {element.get("id") for element in sprite.iter() if element.get("id")} == {"BR", "AR", "world"}


def test_build_world_shapes_explains_a_missing_source(tmp_path):
    with pytest.raises(CommandError, match=r"countries-110m\.json"):
        call_command("build_world_shapes", source=tmp_path, output=tmp_path / "w.json", verbosity=0)


@pytest.mark.django_db
def test_a_remembered_map_links_each_profile_in_the_language_of_the_page(client, settings):
    """The map's digest stands on the remembered counts' digest and the profile address pattern, so
    the same counts give a block per language, each linking profiles in its own language."""
    settings.AGGREGATE_CACHE_SECONDS = 300
    MemberFactory(slug="quito", name="Quito", country="EC", latitude="-0.2", longitude="-78.5")
    pages = {path: client.get(path).text for path in ["/", "/es/", "/fr/"]}

    assert map_points(svg_tree(pages["/"])) == {"Quito": "/members/quito/"}
    assert map_points(svg_tree(pages["/es/"])) == {"Quito": "/es/members/quito/"}
    assert map_points(svg_tree(pages["/fr/"])) == {"Quito": "/fr/members/quito/"}
    assert map_points(svg_tree(client.get("/").text)) == {"Quito": "/members/quito/"}  # English again, remembered


@pytest.mark.django_db
def test_a_map_named_by_its_source_draws_what_its_counts_and_points_draw():
    members = Member.objects.all()
    MemberFactory(country="BR", latitude="-23.5", longitude="-46.6", name="Public")
    counts, rows = country_counts(members), point_rows(members)
    plain = MembersMap(counts, points_from_rows(rows))
    named = MembersMap(counts, lambda: points_from_rows(rows), source=state_digest(sorted(counts.items()), rows))

    assert named.digest != plain.digest
    assert named._draw() == plain._draw().replace(plain.dom_id, named.dom_id)
