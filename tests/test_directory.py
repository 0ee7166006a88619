"""The member directory: filters, facet counts, chips, pagination and bad input."""

import datetime as dt
import html
import itertools
from urllib.parse import parse_qs

import pytest
from django.utils import timezone

from core.publishing import Status
from members.filters import search_members
from members.models import Member, Membership
from members.views import PER_PAGE
from search.engine import filter_members

from .demo_snapshot import load_demo
from .factories import ClusterFactory, MemberFactory, MembershipFactory
from .queries import SCHEDULE
from .site_data import build_site

# name, country, kind, clusters, locality, description
PEOPLE = [
    ("Alpha City", "BR", "city", ["transport"], "Alpha City, Brazil", "Bus rapid transit on every avenue."),
    ("Beta District", "BR", "district", ["transport", "waste"], "Beta, Brazil", "Recycling cooperatives."),
    ("Gamma Agency", "CL", "agency", ["waste"], "Santiago, Chile", "Landfill gas and composting."),
    ("Delta Town", "CL", "city", ["drr", "transport"], "Delta Town, Chile", "Flood warnings by text message."),
    ("Epsilon University", "GH", "academic", ["drr"], "Kumasi, Ghana", "Research on heat and flood risk."),
    ("Zeta Logistics", "CN", "company", [], "Zhengzhou, China", "Cargo flights and bus fleets."),
    ("Eta Council", "GH", "district", ["transport", "hidden"], "Eta, Ghana", "Road safety for schoolchildren."),
]
PUBLIC_NAMES = [row[0] for row in PEOPLE]


@pytest.fixture
def people(db):
    clusters = {slug: ClusterFactory(slug=slug, short_name=slug.title()) for slug in ("transport", "waste", "drr")}
    clusters["hidden"] = ClusterFactory(slug="hidden", short_name="Hidden", status=Status.DRAFT)
    for name, country, kind, slugs, locality, description in PEOPLE:
        member = MemberFactory(name=name, country=country, kind=kind, locality=locality, description=description)
        for slug in slugs:
            MembershipFactory(cluster=clusters[slug], member=member)
    draft = MemberFactory(name="Secret City", country="BR", kind="city", status=Status.DRAFT)
    MembershipFactory(cluster=clusters["transport"], member=draft)
    future = MemberFactory(name="Future City", country="CL", published_at=timezone.now() + dt.timedelta(days=1))
    MembershipFactory(cluster=clusters["waste"], member=future)
    return clusters


def expected_names(params):
    """The oracle: the rule written out in plain Python over PEOPLE."""
    clusters = set(params.get("cluster", []))
    countries = {code.upper() for code in params.get("country", [])}
    kinds = set(params.get("kind", []))
    words = params.get("q", [""])[0].lower().split()
    names = []
    for name, country, kind, slugs, locality, description in PEOPLE:
        if clusters and not clusters & set(slugs):
            continue
        if countries and country not in countries:
            continue
        if kinds and kind not in kinds:
            continue
        if any(all(word not in field.lower() for field in (name, locality, description)) for word in words):
            continue
        names.append(name)
    return sorted(names)


def listed_names(response):
    return [member.name for member in response.context["members"]]


def orm_count(params, **extra):
    """A direct ORM count of published members for a state (the facet's reference)."""
    queryset = Member.objects.published()
    if params.get("cluster"):
        queryset = queryset.filter(
            pk__in=Membership.objects.filter(
                cluster__slug__in=params["cluster"], cluster__status=Status.PUBLISHED
            ).values("member_id")
        )
    if params.get("country"):
        queryset = queryset.filter(country__in=[code.upper() for code in params["country"]])
    if params.get("kind"):
        queryset = queryset.filter(kind__in=params["kind"])
    if params.get("q"):
        queryset = filter_members(queryset, params["q"][0])
    return queryset.filter(**extra).count()


# Filter semantics ---------------------------------------------------------------------------------

STATES = [
    "",
    "cluster=transport",
    "cluster=transport&cluster=drr",
    "cluster=waste&cluster=drr&cluster=transport",
    "country=BR",
    "country=br",
    "country=BR&country=CL",
    "country=gh&country=CN",
    "kind=city",
    "kind=city&kind=district",
    "q=flood",
    "q=FLOOD",
    "q=chile",
    "q=bus",
    "q=flood chile",
    "cluster=transport&country=BR",
    "cluster=transport&country=CL&kind=city",
    "cluster=transport&cluster=waste&country=BR&country=CL",
    "cluster=transport&cluster=waste&country=BR&country=CL&kind=district&kind=agency",
    "country=CL&kind=city&kind=agency",
    "cluster=drr&q=flood",
    "cluster=transport&country=GH&kind=district&q=road",
    "cluster=waste&country=GH",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", STATES)
def test_the_directory_lists_exactly_the_members_the_filters_describe(client, people, query):
    response = client.get(f"/members/?{query}")

    assert response.status_code == 200
    assert listed_names(response) == expected_names(parse_qs(query))
    assert response.context["result_count"] == len(expected_names(parse_qs(query)))


@pytest.mark.django_db
def test_every_combination_of_one_cluster_country_and_kind_matches_the_rule(client, people):
    for cluster, country, kind in itertools.product(
        ["", "transport", "waste"], ["", "BR", "cl"], ["", "city", "district"]
    ):
        params = {key: [value] for key, value in (("cluster", cluster), ("country", country), ("kind", kind)) if value}
        query = "&".join(f"{key}={values[0]}" for key, values in params.items())
        response = client.get(f"/members/?{query}")
        assert listed_names(response) == expected_names(params), query


@pytest.mark.django_db
def test_drafts_future_members_and_draft_clusters_stay_out_of_the_directory(client, people):
    response = client.get("/members/")

    assert listed_names(response) == sorted(PUBLIC_NAMES)
    assert "Secret City" not in response.text
    assert "Future City" not in response.text
    cluster_values = [option.value for option in response.context["facets"]["cluster"]]
    assert "hidden" not in cluster_values


@pytest.mark.django_db
def test_a_draft_cluster_cannot_be_used_as_a_filter(client, people):
    response = client.get("/members/?cluster=hidden")

    assert listed_names(response) == sorted(PUBLIC_NAMES)
    assert any("hidden" in notice for notice in response.context["notices"])


@pytest.mark.django_db
def test_search_is_one_swappable_function_over_name_locality_and_description(people):
    published = Member.objects.published()

    assert {m.name for m in search_members(published, "alpha")} == {"Alpha City"}
    assert {m.name for m in search_members(published, "kumasi")} == {"Epsilon University"}
    assert {m.name for m in search_members(published, "composting")} == {"Gamma Agency"}


@pytest.mark.django_db
def test_countries_are_shown_by_their_full_name(client, people):
    response = client.get("/members/?country=br")

    assert [option.label for option in response.context["facets"]["country"]] == [
        "Brazil",
        "Chile",
        "China",
        "Ghana",
    ]
    assert [chip.label for chip in response.context["chips"]] == ["Country: Brazil"]


# Facet counts -------------------------------------------------------------------------------------

FACET_STATES = [
    "",
    "country=BR&country=CL",
    "cluster=transport",
    "cluster=transport&kind=city",
    "cluster=waste&country=CL&kind=agency&q=santiago",
    "kind=district&q=a",
    "country=CN&cluster=drr",
]


UNIVERSE = {
    "cluster": ("memberships__cluster__slug", ["transport", "waste", "drr"]),
    "country": ("country", ["AR", "BR", "CL", "CN", "GH", "ZA"]),
    "kind": ("kind", ["city", "district", "regional", "agency", "company", "academic", "civil"]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("query", FACET_STATES)
def test_each_option_counts_the_members_it_gives_with_the_other_filters(client, people, query):
    params = parse_qs(query)
    response = client.get(f"/members/?{query}")
    facets = response.context["facets"]

    for parameter, (lookup, values) in UNIVERSE.items():
        offered = {option.value: option for option in facets[parameter]}
        others = {key: value for key, value in params.items() if key != parameter}
        chosen = [value.upper() if parameter == "country" else value for value in params.get(parameter, [])]
        for value in values:
            expected = orm_count(others, **{lookup: value})
            if expected or value in chosen:
                assert offered[value].count == expected, (parameter, value)
                assert offered[value].selected == (value in chosen), (parameter, value)
            else:
                assert value not in offered, (parameter, value)


@pytest.mark.django_db
def test_options_that_would_give_no_members_are_left_out(client, people):
    response = client.get("/members/?country=GH")
    facets = response.context["facets"]

    assert {option.value for option in facets["kind"]} == {"academic", "district"}
    assert {option.value for option in facets["cluster"]} == {"transport", "drr"}
    # The country facet ignores its own filter, so every country with members is still offered.
    assert {option.value for option in facets["country"]} == {"BR", "CL", "GH", "CN"}


@pytest.mark.django_db
def test_a_chosen_option_stays_offered_even_when_it_gives_nothing(client, people):
    response = client.get("/members/?country=CN&kind=city")
    kinds = {option.value: option for option in response.context["facets"]["kind"]}

    assert kinds["city"].selected
    assert kinds["city"].count == 0
    assert response.context["result_count"] == 0
    assert "No member matches all of these filters." in response.text


@pytest.mark.django_db
def test_facet_counts_appear_beside_each_option(client, people):
    response = client.get("/members/")

    assert '<label><input type="checkbox" name="country" value="BR"> Brazil <span>2</span></label>' in response.text


# Chips and state in the URL -----------------------------------------------------------------------


@pytest.mark.django_db
def test_active_filters_are_chips_that_each_remove_one_value(client, people):
    response = client.get("/members/?country=br&country=CL&kind=city&q=town")
    chips = {chip.label: chip.remove_query for chip in response.context["chips"]}

    assert chips == {
        "Search: “town”": "country=BR&country=CL&kind=city",
        "Country: Brazil": "q=town&country=CL&kind=city",
        "Country: Chile": "q=town&country=BR&kind=city",
        "Kind: City": "q=town&country=BR&country=CL",
    }
    assert 'href="/members/?q=town&amp;country=CL&amp;kind=city"' in response.text
    assert "1 member</h2>" in response.text


@pytest.mark.django_db
def test_the_form_shows_the_whole_state_so_it_can_be_resubmitted(client, people):
    response = client.get("/members/?cluster=transport&country=cl&q=delta")

    assert 'name="cluster" value="transport" checked' in response.text
    assert 'name="country" value="CL" checked' in response.text
    assert 'name="q" value="delta"' in response.text
    assert '<form class="directory__filters" method="get" action="/members/"' in response.text


@pytest.mark.django_db
def test_the_canonical_address_is_the_cleaned_state(client, people):
    response = client.get("/members/?country=br&country=BR&country=ZZ&cluster=nope")

    assert '<link rel="canonical" href="http://127.0.0.1:8000/members/?country=BR">' in response.text


@pytest.mark.django_db
def test_the_directory_needs_no_javascript(client, people):
    response = client.get("/members/")

    assert "<script" not in response.text


# Pagination ---------------------------------------------------------------------------------------


@pytest.fixture
def many_members(db):
    for i in range(PER_PAGE + 6):
        MemberFactory(name=f"Town {i:02d}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "shown", "first_name", "notice"),
    [
        ("", 1, "Town 00", None),
        ("1", 1, "Town 00", None),
        ("2", 2, "Town 24", None),
        ("abc", 1, "Town 00", "“abc” is not a page number, so the first page is shown."),
        ("-1", 1, "Town 00", "There is no page -1, so page 1 is shown."),
        ("0", 1, "Town 00", "There is no page 0, so page 1 is shown."),
        ("1.5", 1, "Town 00", "“1.5” is not a page number, so the first page is shown."),
        ("999999999", 2, "Town 24", "There is no page 999999999, so page 2 is shown."),
        ("9" * 5000, 1, "Town 00", "is not a page number, so the first page is shown."),
    ],
)
def test_a_page_that_does_not_exist_shows_a_real_page_with_a_notice(
    client, many_members, page, shown, first_name, notice
):
    response = client.get(f"/members/?page={page}")

    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert listed_names(response)[0] == first_name
    if notice:
        assert any(notice in str(item) for item in response.context["notices"])
    else:
        assert response.context["notices"] == []


@pytest.mark.django_db
def test_the_pages_keep_the_filters_and_the_last_page_holds_the_rest(client, many_members):
    first = client.get("/members/?country=br")
    last = client.get("/members/?country=br&page=2")

    assert len(first.context["members"]) == PER_PAGE
    assert len(last.context["members"]) == 6
    assert 'rel="next" href="?country=BR&amp;page=2"' in first.text
    assert 'rel="prev" href="?country=BR&amp;page=1"' in last.text
    assert "Page 2 of 2" in last.text


@pytest.mark.django_db
def test_an_empty_directory_has_one_empty_page(client, db):
    response = client.get("/members/?page=3")

    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert "0 members" in response.text


# Bad input ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_cluster_is_ignored_with_a_message(client, people):
    response = client.get("/members/?cluster=no-such-cluster&country=BR")

    assert response.status_code == 200
    assert listed_names(response) == ["Alpha City", "Beta District"]
    assert "Cluster “no-such-cluster” was ignored: it is not one of the choices." in html.unescape(response.text)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["ZZ", "zz", "BRA", "B", "12", "<b>"])
def test_a_code_that_is_not_a_country_is_ignored_with_a_message(client, people, code):
    response = client.get("/members/", {"country": code})

    assert response.status_code == 200
    assert listed_names(response) == sorted(PUBLIC_NAMES)
    assert "was ignored: it is not a two-letter country code." in html.unescape(response.text)


@pytest.mark.django_db
def test_an_unknown_kind_is_ignored_with_a_message(client, people):
    response = client.get("/members/?kind=spaceport&kind=city")

    assert listed_names(response) == ["Alpha City", "Delta Town"]
    assert "Kind “spaceport” was ignored: it is not one of the choices." in html.unescape(response.text)


@pytest.mark.django_db
def test_a_value_repeated_a_thousand_times_counts_once(client, people):
    response = client.get("/members/?" + "&".join(["country=BR"] * 1000))

    assert response.status_code == 200
    assert listed_names(response) == ["Alpha City", "Beta District"]
    assert [chip.label for chip in response.context["chips"]] == ["Country: Brazil"]


@pytest.mark.django_db
def test_a_thousand_different_unknown_values_give_one_short_message(client, people):
    response = client.get("/members/?" + "&".join(f"cluster=c{i}" for i in range(1000)))

    assert response.status_code == 200
    assert len(response.context["notices"]) == 1
    assert "and 995 more" in response.context["notices"][0]


@pytest.mark.django_db
def test_more_than_fifty_values_of_one_parameter_are_capped_with_a_message(client, db):
    for i in range(60):
        MembershipFactory(cluster=ClusterFactory(slug=f"c{i:02d}"), member=MemberFactory(name=f"Town {i:02d}"))

    response = client.get("/members/?" + "&".join(f"cluster=c{i:02d}" for i in range(60)))

    assert response.status_code == 200
    assert response.context["result_count"] == 50
    assert "Only the first 50 values of “cluster” were used." in html.unescape(response.text)


@pytest.mark.django_db
def test_more_parameters_than_django_accepts_is_a_400_not_a_500(client, people):
    response = client.get("/members/?" + "&".join(["kind=city"] * 3000))

    assert response.status_code == 400


@pytest.mark.django_db
def test_a_nul_character_in_the_search_is_dropped(client, people):
    response = client.get("/members/?q=%00alpha%00")

    assert response.status_code == 200
    assert listed_names(response) == ["Alpha City"]


@pytest.mark.django_db
def test_a_search_of_ten_thousand_characters_is_cut_with_a_message(client, people):
    response = client.get("/members/", {"q": "a" * 10_000})

    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert "The search was cut to its first 200 characters." in response.text
    assert "a" * 201 not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%FF%FEalpha", "country=%C3%28", "cluster=%80%81", "kind=%ED%A0%80", "page=%FF"])
def test_invalid_utf8_in_a_parameter_is_not_an_error(client, people, query):
    response = client.get(f"/members/?{query}")

    assert response.status_code == 200


@pytest.mark.django_db
def test_input_echoed_back_is_escaped(client, people):
    attack = '"><script>alert(1)</script>'
    response = client.get("/members/", {"q": attack, "cluster": attack, "country": attack, "page": attack})

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)" in response.text


@pytest.mark.django_db
def test_post_is_not_allowed(client, people):
    assert client.post("/members/").status_code == 405


# Demo data and query counts -----------------------------------------------------------------------


@pytest.mark.django_db
def test_brazilian_and_chilean_demo_members_are_listed_with_correct_counts(client):
    load_demo()

    response = client.get("/members/?country=BR&country=CL")

    assert sorted(listed_names(response)) == sorted(
        Member.objects.published().filter(country__in=["BR", "CL"]).values_list("name", flat=True)
    )
    assert listed_names(response) == [
        "Aparecida de Goiânia",
        "Metropolitan Regional Government of Santiago",
        "Operational Traffic Control Unit (UOCT)",
        "Piquete",
        "São Paulo",
    ]
    assert "5 members</h2>" in response.text
    countries = {option.value: option.count for option in response.context["facets"]["country"]}
    assert countries["BR"] == 3
    assert countries["CL"] == 2
    clusters = {option.value: option.count for option in response.context["facets"]["cluster"]}
    assert clusters["transport"] == 5


DIRECTORY_URLS = [
    "/members/",
    "/members/?cluster=transport&cluster=waste&country=BR&country=cl&kind=city&kind=district&q=member",
    "/members/?page=2",
    "/members/?country=ZZ&page=abc",
]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("url", DIRECTORY_URLS)
def test_the_directory_runs_the_same_few_queries_at_any_size(client, django_assert_num_queries, size, url):
    build_site(size)

    with django_assert_num_queries(9 + SCHEDULE):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("language", ["en", "fr", "ru", "zh-hans", "ar", "es", "pt"])
def test_facet_counts_are_grouped_as_each_language_writes_numbers(language):
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation

    from core.filtering import Option
    from members.templatetags.directory import facet_options

    numbers = [0, 7, 999, 1_000, 12_345, 123_456, 1_234_567]
    with translation.override(language):
        markup = facet_options("country", [Option(str(n), "C&A", n, n == 7) for n in numbers])
        expected = [html.escape(str(intcomma(n))) for n in numbers]
    assert [item.split("<span>")[1].split("</span>")[0] for item in markup.splitlines()] == expected
    assert markup.count(" checked>") == 1
    assert "C&amp;A" in markup and "C&A" not in markup
