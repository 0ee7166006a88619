"""Members' names and localities are translatable (docs/languages.md): a
translated name is shown in its language, an untranslated one as entered (marked English), and the
directory keeps its order, its index and its query count in every language."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from atlas.queries import member_points
from members.models import Member
from submissions import services
from submissions.models import SubmissionType

from .factories import MemberFactory, SubmissionFactory, UserFactory


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    translation.activate("en")


def card_titles(response):
    return [member.slug for member in response.context["page_obj"]]


def spanish_mexico():
    return MemberFactory(
        slug="mexico-city",
        name="Mexico City",
        name_es="Ciudad de México",
        locality="Mexico City",
        locality_es="Ciudad de México",
        country="MX",
        description="The capital.",
        description_es="La capital.",
    )


@pytest.mark.django_db
def test_a_spanish_name_is_shown_on_the_spanish_directory_and_profile_and_english_elsewhere(client):
    spanish_mexico()
    directory = client.get("/es/members/")
    assert '<h3 class="card__title"><a href="/es/members/mexico-city/">Ciudad de México</a></h3>' in directory.text
    # "México", the country's Spanish name, is already in the Spanish locality: not repeated.
    assert '<p class="card__meta">Ciudad de México</p>' in directory.text
    profile = client.get("/es/members/mexico-city/")
    assert "<h1>Ciudad de México</h1>" in profile.text
    assert "<title>Ciudad de México" in profile.text
    assert "no está traducida" not in profile.text  # name, locality and description all in Spanish
    for prefix in ("", "/fr"):
        assert "Mexico City</a></h3>" in client.get(f"{prefix}/members/").text
        assert "Ciudad de México" not in client.get(f"{prefix}/members/mexico-city/").text


@pytest.mark.django_db
def test_an_untranslated_name_and_locality_are_marked_english_without_a_notice(client):
    MemberFactory(slug="baguio", name="Baguio City", locality="Benguet", country="PH", description_es="Una ciudad.")
    profile = client.get("/es/members/baguio/")
    assert '<h1 lang="en" dir="ltr">Baguio City</h1>' in profile.text
    assert '<p class="lead"><span lang="en" dir="ltr">Benguet</span>, Filipinas</p>' in profile.text
    # The description is translated: a name shown as entered does not make the page "untranslated".
    assert "traducid" not in profile.text
    card = re.search(r'<li class="card member-card">.*?</li>', client.get("/es/members/").text, re.S).group(0)
    assert '<h3 class="card__title" lang="en" dir="ltr">' in card
    english = client.get("/members/baguio/")
    assert "<h1>Baguio City</h1>" in english.text


@pytest.mark.django_db
def test_the_directory_keeps_the_source_order_in_every_language(client):
    for name in ("Zanzibar", "Accra", "Maputo", "Bogotá", "Cebu"):
        MemberFactory(name=name, slug=name.lower().replace("á", "a"))
    # One translated name that would sort first in Spanish: the order still follows the source name.
    Member.objects.filter(slug="zanzibar").update(name_es="Aaa Zanzíbar")
    english = card_titles(client.get("/members/"))
    assert english == ["accra", "bogota", "cebu", "maputo", "zanzibar"]
    for language in ("es", "fr", "zh-hans", "ar"):
        assert card_titles(client.get(f"/{language}/members/")) == english, language


@pytest.mark.django_db
def test_the_directory_query_sorts_by_the_indexed_source_column_in_every_language():
    for language in ("en", "es", "zh-hans"):
        with translation.override(language):
            sql = str(Member.objects.for_directory().query)
            default_sql = str(Member.objects.all().query)
        assert sql.endswith('ORDER BY "members_member"."name" ASC, "members_member"."id" ASC'), language
        assert default_sql.endswith('ORDER BY "members_member"."name" ASC'), language


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_the_spanish_directory_reads_the_name_index():
    MemberFactory.create_batch(3)
    with translation.override("es"), connection.cursor() as cursor:
        sql, params = Member.objects.for_directory()[:24].query.sql_with_params()
        # With three rows any plan is cheap: forbid the scan and the sort, so only an index in the
        # directory's order can answer (which one the planner takes then depends on no statistics).
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_sort")
        cursor.execute("RESET enable_seqscan")
    assert "member_name_idx" in plan


@pytest.mark.django_db
def test_no_index_is_copied_per_language():
    names = {index.name for index in Member._meta.indexes}
    assert "member_name_idx" in names
    assert not [name for name in names if "-" in name]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/members/", "/members/?country=MX", "/members/?q=city"])
def test_the_spanish_directory_costs_the_same_queries_as_the_english(client, url):
    spanish_mexico()
    MemberFactory.create_batch(5)
    counts = []
    for prefix in ("", "/es"):
        cache.clear()  # each drawn as right after a change
        with CaptureQueriesContext(connection) as queries:
            assert client.get(prefix + url).status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[0]


@pytest.mark.django_db
def test_map_points_show_the_translated_name_in_directory_order():
    MemberFactory(name="Zanzibar", name_es="Aaa Zanzíbar", latitude=-6.16, longitude=39.2)
    MemberFactory(name="Accra", latitude=5.6, longitude=-0.19)
    with translation.override("es"):
        points = member_points(Member.objects.all())
    assert [point.label for point in points] == ["Accra", "Aaa Zanzíbar"]


@pytest.mark.django_db
def test_the_api_and_search_use_the_translated_name(client):
    spanish_mexico()
    member = client.get("/api/members/mexico-city/", {"lang": "es"}).json()
    assert member["name"] == "Ciudad de México"
    assert member["locality"] == "Ciudad de México"
    assert client.get("/api/members/mexico-city/").json()["name"] == "Mexico City"
    found = client.get("/api/members/", {"lang": "es", "q": "ciudad mexico"}).json()
    assert [row["slug"] for row in found["results"]] == ["mexico-city"]
    search = client.get("/es/search/", {"q": "ciudad de mexico"})
    [hit] = search.context["hits"]
    assert re.sub(r"</?mark>", "", str(hit.title)) == "Ciudad de México"
    # The directory's q finds the Spanish name on the Spanish page.
    assert card_titles(client.get("/es/members/", {"q": "ciudad"})) == ["mexico-city"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_every_language_of_the_name_is_in_the_stored_search_vector():
    member = MemberFactory(name="Mexico City", name_zh_hans="墨西哥城", locality="CDMX")
    member.locality_ru = "Мехико"
    member.save(update_fields=["locality_ru"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM members_member WHERE id = %s", [member.pk])
        vector = cursor.fetchone()[0]
    assert "'墨西哥城':1A" in vector or "'墨西哥城':3A" in vector
    assert "'мехико':" in vector
    assert "'mexico':" in vector


@pytest.mark.django_db
def test_an_approved_submission_writes_the_source_name_and_keeps_translations(client):
    member = MemberFactory(name="Old name", name_es="Nombre traducido", locality="Old place")
    submission = SubmissionFactory(
        type=SubmissionType.UPDATE, member=member, name="Nuevo nombre del socio", locality="Lugar nuevo", language="es"
    )
    with translation.override("es"):  # whatever the moderator's language
        services.approve(submission=submission, reviewer=UserFactory())
    member.refresh_from_db()
    assert member.name_en == "Nuevo nombre del socio"
    assert Member.objects.filter(pk=member.pk, name="Nuevo nombre del socio").exists()  # the sorted column
    assert member.locality_en == "Lugar nuevo"
    assert member.name_es == "Nombre traducido"
    new = services.approve(
        submission=SubmissionFactory(name="Municipalidad de Lima", language="es"), reviewer=UserFactory()
    )
    new.refresh_from_db()
    assert (new.name, new.name_en, new.name_es) == ("Municipalidad de Lima", "Municipalidad de Lima", None)
    assert "Municipalidad de Lima</a></h3>" in client.get("/members/").text


@pytest.mark.django_db
def test_the_update_form_is_filled_with_the_source_text_on_a_translated_page(client):
    member = MemberFactory(
        name="Mexico City",
        name_es="Ciudad de México",
        description="The capital.",
        description_es="La capital.",
        contact_email="ana@example.org",
    )
    link = member.edit_links.create()
    response = client.get(f"/es{reverse('submissions:edit', args=[link.token()])}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == "Mexico City"
    assert form.initial["description"] == "The capital."


@pytest.mark.django_db
def test_the_admin_edits_each_language_of_the_name(editor_client):
    member = MemberFactory(name="Mexico City")
    page = editor_client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert page.status_code == 200
    assert 'name="name_en"' in page.text and 'name="name_es"' in page.text and 'name="locality_ar"' in page.text
    assert re.search(r'<input[^>]+name="name_en"[^>]+required', page.text)
    listing = editor_client.get(reverse("admin:members_member_changelist"), {"q": "mexico"})
    assert "Mexico City" in listing.text


@pytest.mark.django_db
def test_generated_members_keep_their_name_in_the_source_columns():
    call_command("generate_scale_data", members=3, verbosity=0)
    member = Member.objects.filter(slug__startswith="gen-").first()
    assert member.name_en == member.name and member.name_es is None
    assert member.locality_en == member.locality and member.locality_fr is None
