"""Content in several languages: editors translate in the admin, pages, the API and the search serve
the language asked for, and a missing translation falls back to English and says so."""

import json
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from clusters.models import Cluster
from core.publishing import Status
from demo import content as demo_content
from demo import placeholders
from events.models import Event
from submissions import services
from submissions.models import ProfileSubmission, SubmissionType

from .factories import (
    ArticleFactory,
    ClusterFactory,
    EventFactory,
    MemberFactory,
    SessionFactory,
    SubmissionFactory,
    UserFactory,
)
from .submission_helpers import empty_cache, form_data  # noqa: F401 (fixture)

NOTICE_FR = "Cette page n’est pas encore traduite en français"
NOTICE_EN = "not yet translated"


@pytest.fixture(autouse=True)
def back_to_english():
    """A request leaves its language active in the thread; later tests on this worker expect English."""
    yield
    translation.activate("en")


def element(response, pattern):
    match = re.search(pattern, response.text, re.S)
    assert match, pattern
    return match.group(0)


def spanish_cluster(**extra):
    return ClusterFactory(
        slug="transport",
        name="Sustainable Transport & Air Quality",
        name_es="Transporte sostenible y calidad del aire",
        short_name="Transport",
        short_name_es="Transporte",
        intro="Cities comparing notes on cleaner transport.",
        intro_es="Ciudades que comparan experiencias sobre un transporte más limpio.",
        description="<p>What the cluster does.</p>",
        description_es="<p>Lo que hace el grupo.</p>",
        **extra,
    )


# --- pages ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_spanish_cluster_page_shows_the_spanish_name_and_intro(client):
    spanish_cluster()
    response = client.get("/es/clusters/transport/")
    assert response.status_code == 200
    assert element(response, r"<h1[^>]*>.*?</h1>") == "<h1>Transporte sostenible y calidad del aire</h1>"
    assert "Ciudades que comparan experiencias sobre un transporte más limpio." in response.text
    assert "<title>Transporte sostenible y calidad del aire" in response.text
    assert "no está traducida" not in response.text  # fully translated: no notice
    assert 'lang="en"' not in element(response, r'<article class="cluster[^"]*">.*?</header>')


@pytest.mark.django_db
def test_a_cluster_without_a_french_translation_is_shown_in_english_and_says_so(client):
    spanish_cluster()
    response = client.get("/fr/clusters/transport/")
    assert response.status_code == 200
    assert NOTICE_FR in response.text
    # The English text is marked as English, so a screen reader reading French switches voice.
    assert element(response, r"<h1[^>]*>") == '<h1 lang="en" dir="ltr">'
    assert '<p class="lead" lang="en" dir="ltr">Cities comparing notes on cleaner transport.</p>' in response.text
    assert '<div class="prose cluster__description" lang="en" dir="ltr">' in response.text


@pytest.mark.django_db
def test_the_notice_is_absent_in_english_and_once_translated(client):
    spanish_cluster(
        name_fr="Transport durable et qualité de l’air",
        short_name_fr="Transport",
        intro_fr="Des villes qui comparent leurs expériences.",
        description_fr="<p>Ce que fait le groupe.</p>",
    )
    english = client.get("/clusters/transport/")
    french = client.get("/fr/clusters/transport/")
    assert NOTICE_EN not in english.text
    assert 'lang="en"' not in element(english, r'<article class="cluster[^"]*">.*?</article>')
    assert NOTICE_FR not in french.text
    assert "<h1>Transport durable et qualité de l’air</h1>" in french.text


@pytest.mark.django_db
def test_a_partly_translated_page_says_which_parts_are_in_english(client):
    ClusterFactory(slug="waste", name="Waste", name_pt="Resíduos", intro="Collecting waste.", intro_pt="")
    response = client.get("/pt/clusters/waste/")
    assert "<h1>Resíduos</h1>" in response.text
    assert "Partes desta página ainda não foram traduzidas" in response.text
    assert '<p class="lead" lang="en" dir="ltr">Collecting waste.</p>' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["member", "article", "event"])
def test_member_article_and_event_pages_fall_back_to_english_with_the_notice(client, kind):
    if kind == "member":
        obj = MemberFactory(description="A city of the Global South.", description_es="Una ciudad del Sur Global.")
    elif kind == "article":
        obj = ArticleFactory(title="Buses go electric", title_es="Los autobuses se electrifican", summary="Short.")
    else:
        obj = EventFactory(title="A webinar on waste", title_es="Un seminario web sobre residuos", summary="Short.")
    path = obj.get_absolute_url()
    spanish = client.get(f"/es{path}")
    arabic = client.get(f"/ar{path}")
    english = client.get(path)
    spanish_text = "Una ciudad del Sur Global." if kind == "member" else obj.title_es
    assert spanish_text in spanish.text
    assert "Esta página aún no está traducida" not in spanish.text
    assert "لم تُترجم هذه الصفحة" in arabic.text  # nothing in Arabic: all of it shown in English
    assert 'lang="en" dir="ltr"' in arabic.text
    assert NOTICE_EN not in english.text


@pytest.mark.django_db
def test_agenda_sessions_are_translated(client):
    session = SessionFactory(title="Opening remarks", title_fr="Allocution d’ouverture")
    response = client.get(f"/fr{session.event.get_absolute_url()}")
    assert "Allocution d’ouverture" in response.text
    assert "Opening remarks" not in response.text


@pytest.mark.django_db
def test_an_agenda_session_shown_in_english_is_marked_english_and_a_translated_one_is_not(client):
    translated = SessionFactory(title="Opening remarks", title_es="Apertura", details="Welcome.", order=1)
    SessionFactory(event=translated.event, title="Closing", details="Thanks to all.", order=2)

    html = client.get(f"/es{translated.event.get_absolute_url()}").text

    assert "<h3>Apertura</h3>" in html
    assert '<p lang="en" dir="ltr">Welcome.</p>' in html  # its details have no Spanish yet
    assert '<h3 lang="en" dir="ltr">Closing</h3>' in html
    assert '<p lang="en" dir="ltr">Thanks to all.</p>' in html


@pytest.mark.django_db
def test_lists_fall_back_per_item(client):
    spanish_cluster()
    ClusterFactory(slug="waste", name="Sustainable Waste Management", intro="Collecting waste.")
    response = client.get("/es/clusters/")
    assert ">Transporte sostenible y calidad del aire<" in response.text
    assert ' lang="en" dir="ltr">Sustainable Waste Management<' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "fr"])  # translated, and falling back to English
def test_translated_pages_cost_no_extra_queries(client, language):
    cluster = spanish_cluster()
    member = MemberFactory(description_es="Una ciudad.")
    article = ArticleFactory(title_es="Un artículo")
    event = SessionFactory(title_es="Apertura").event
    for obj in (cluster, member, article, event):
        with translation.override("en"):
            path = obj.get_absolute_url()
        counts = []
        for prefix in ("", f"/{language}"):
            cache.clear()  # each drawn as right after a change
            with CaptureQueriesContext(connection) as queries:
                assert client.get(prefix + path).status_code == 200
            counts.append(len(queries))
        # The translations sit on the same row: not one more query than the English page.
        assert counts[1] == counts[0], path


# --- admin ---------------------------------------------------------------------------------------


def cluster_form(cluster, **overrides):
    data = {
        "name_en": cluster.name_en,
        "short_name_en": cluster.short_name_en,
        "slug": cluster.slug,
        "intro_en": cluster.intro_en,
        "description_en": cluster.description_en,
        "order": cluster.order,
        "is_active": "on",
        "colour": cluster.colour,
        "icon": cluster.icon,
        "hero_caption_en": "",
        "hero_credit": "",
        "status": "published",
        "published_at_0": "2024-01-01",
        "published_at_1": "00:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_an_editor_enters_a_translation_in_the_admin(editor_client, client):
    cluster = ClusterFactory(slug="tourism", name="Sustainable Tourism", intro="Tourism that protects heritage.")
    url = reverse("admin:clusters_cluster_change", args=[cluster.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert 'name="name_es"' in page.text and 'name="intro_zh_hans"' in page.text
    assert "<details" in page.text  # each language folded, without a script

    response = editor_client.post(
        url,
        cluster_form(cluster, name_es="Turismo sostenible", intro_es="Un turismo que protege el patrimonio."),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    cluster.refresh_from_db()
    assert cluster.name_es == "Turismo sostenible"
    assert cluster.name_en == "Sustainable Tourism"
    assert cluster.name_fr is None  # left empty: NULL, so names stay unique per language
    assert "<h1>Turismo sostenible</h1>" in client.get("/es/clusters/tourism/").text
    # The version history keeps the translation, so restoring a version brings it back.
    assert cluster.history.latest().name_es == "Turismo sostenible"


@pytest.mark.django_db
def test_two_clusters_without_a_translation_can_both_be_saved_in_the_admin(editor_client):
    first = ClusterFactory()
    second = ClusterFactory()
    for cluster in (first, second):
        url = reverse("admin:clusters_cluster_change", args=[cluster.pk])
        assert editor_client.post(url, cluster_form(cluster, name_fr="", short_name_fr="")).status_code == 302
    assert Cluster.objects.filter(name_fr__isnull=True).count() == 2


@pytest.mark.django_db
def test_translated_rich_text_is_cleaned_like_the_english(editor_client):
    event = EventFactory(description_es='<p onclick="x()">Hola<script>alert(1)</script></p>')
    event.refresh_from_db()
    assert event.description_es == "<p>Hola</p>"


@pytest.mark.django_db
def test_admin_pages_with_translations_keep_the_content_security_policy(editor_client):
    cluster = ClusterFactory()
    response = editor_client.get(reverse("admin:clusters_cluster_change", args=[cluster.pk]))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for src in re.findall(r'<script[^>]+src="([^"]+)"', response.text):
        assert src.startswith("/") and not src.startswith("//"), src  # no CDN (modeltranslation's tabbed admin)


# --- API -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_answers_in_the_language_of_lang(client):
    spanish_cluster()
    response = client.get("/api/clusters/transport/", {"lang": "es"})
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Transporte sostenible y calidad del aire"
    assert data["short_name"] == "Transporte"
    assert data["description"] == "<p>Lo que hace el grupo.</p>"
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_the_api_follows_accept_language_and_falls_back_to_english(client):
    spanish_cluster(name_fr="Transport durable et qualité de l’air")
    response = client.get("/api/clusters/", headers={"accept-language": "fr-CA,fr;q=0.9,en;q=0.5"})
    assert response["Content-Language"] == "fr"
    [cluster] = response.json()["results"]
    assert cluster["name"] == "Transport durable et qualité de l’air"
    assert cluster["intro"] == "Cities comparing notes on cleaner transport."  # no French intro: English
    # An explicit lang wins over the header; no preference at all is English.
    assert client.get("/api/clusters/", {"lang": "es"}, headers={"accept-language": "fr"})["Content-Language"] == "es"
    plain = client.get("/api/clusters/")
    assert plain["Content-Language"] == "en"
    assert plain.json()["results"][0]["name"] == "Sustainable Transport & Air Quality"


@pytest.mark.django_db
def test_each_language_has_its_own_etag(client):
    spanish_cluster()
    english = client.get("/api/clusters/transport/")
    spanish = client.get("/api/clusters/transport/", {"lang": "es"})
    assert english["ETag"] != spanish["ETag"]
    again = client.get("/api/clusters/transport/", {"lang": "es"}, headers={"if-none-match": spanish["ETag"]})
    assert again.status_code == 304
    assert again["Content-Language"] == "es"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["xx", "de", "es-ES-x-" + "a" * 80, "<script>", "en;q=1"])
def test_an_unknown_lang_is_a_clear_400(client, lang):
    response = client.get("/api/clusters/", {"lang": lang})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    detail = json.loads(response.content)["detail"]
    assert "Unknown language" in detail and "es" in detail
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_api_search_and_members_use_the_requested_language(client):
    MemberFactory(slug="baguio", name="Baguio", description="A mountain city.", description_es="Una ciudad de montaña.")
    response = client.get("/api/members/baguio/", {"lang": "es"})
    assert response.json()["description"] == "Una ciudad de montaña."
    found = client.get("/api/members/", {"lang": "es", "q": "montaña"}).json()
    assert [member["slug"] for member in found["results"]] == ["baguio"]


# --- search --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_spanish_search_finds_spanish_text_and_shows_spanish_titles(client):
    ArticleFactory(
        slug="buses",
        title="Electric buses arrive in Santiago",
        title_es="Llegan los autobuses eléctricos a Santiago",
        summary="The city renews its fleet.",
        summary_es="La ciudad renueva su flota de autobuses.",
        body="<p>More buses.</p>",
    )
    ArticleFactory(slug="other", title="Waste collection", summary="Nothing about transport.")
    response = client.get("/es/search/", {"q": "autobuses electricos"})
    assert response.status_code == 200
    hits = response.context["hits"]
    assert [hit.object.slug for hit in hits] == ["buses"]
    assert "Llegan los autobuses" in re.sub(r"</?mark>", "", str(hits[0].title))
    assert "renueva su flota" in re.sub(r"</?mark>", "", str(hits[0].snippet))
    # The same words are found in English too, where the English text has them.
    assert client.get("/search/", {"q": "electric buses"}).context["hits"][0].object.slug == "buses"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
@pytest.mark.parametrize(
    ("q", "branches"),
    [("Medellin cable", 1), ("autobuses electricos", 2)],  # a name reads alike in both; Spanish words do not
)
def test_a_query_read_alike_in_both_configurations_is_looked_up_once(q, branches):
    """In another language the query is read with that language's configuration OR portal_search;
    when both read it the same, the index must look it up once, not once per branch."""
    from search.engine import SiteSearch

    with translation.override("es"):
        matching = SiteSearch(q).matching("news")
        sql, params = matching.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
    searched = re.search(r"search_vector @@ '(.*?)'::tsquery", plan).group(1)
    assert searched.count(" | ") + 1 == branches, searched


@pytest.mark.django_db
def test_search_shows_english_where_a_result_has_no_translation(client):
    ArticleFactory(slug="waste", title="Waste collection in Baguio", summary="Sorting at source.")
    response = client.get("/fr/search/", {"q": "baguio"})
    hits = response.context["hits"]
    assert [hit.object.slug for hit in hits] == ["waste"]
    assert "Waste collection in" in str(hits[0].title)


@pytest.mark.django_db
def test_the_directory_q_and_news_q_find_translated_text(client):
    MemberFactory(slug="baguio", name="Baguio", description="A mountain city.", description_es="Una ciudad de montaña.")
    MemberFactory(slug="santiago", name="Santiago", description="A capital city.")
    response = client.get("/es/members/", {"q": "montaña"})
    assert [member.slug for member in response.context["page_obj"]] == ["baguio"]
    ArticleFactory(slug="buses", title="Electric buses", title_es="Autobuses eléctricos")
    response = client.get("/es/news/", {"q": "autobuses"})
    assert [article.slug for article in response.context["page_obj"]] == ["buses"]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_every_language_is_in_the_stored_search_vector_and_updated_by_the_trigger():
    event = EventFactory(title="A webinar", title_zh_hans="网络研讨会", summary="Short.")
    event.title_ru = "Вебинар о транспорте"
    event.save(update_fields=["title_ru"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM events_event WHERE id = %s", [event.pk])
        vector = cursor.fetchone()[0]
    assert "'网络研讨会':" in vector
    assert "'транспорте':" in vector
    assert "'webinar':" in vector


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_the_translated_search_still_uses_the_gin_index():
    ArticleFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM news_article WHERE search_vector @@"
            " (websearch_to_tsquery('portal_search_es', %s) || websearch_to_tsquery('portal_search', %s))",
            ["autobuses", "autobuses"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "news_article_search_idx" in plan


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def slugs(response):
    return sorted(hit.object.slug for hit in response.context["hits"])


def two_articles(language, singular, plural):
    """One article whose `language` title has the singular, one with the plural; English titles
    that share no word with them."""
    ArticleFactory(slug="one", title="First", summary="", body="", **{f"title_{language}": singular})
    ArticleFactory(slug="many", title="Second", summary="", body="", **{f"title_{language}": plural})


# A quoted word is not matched as the start of a longer one, so these test the stemming alone.
@pytest.mark.django_db
@postgres_only
@pytest.mark.parametrize(
    ("language", "singular", "plural", "word", "words"),
    [
        ("es", "Plan de la ciudad", "Ciudades unidas", "ciudad", "ciudades"),
        ("es", "Una red de agua", "Redes de agua", "red", "redes"),  # the English stemmer makes "rede"
        ("fr", "Une ville verte", "Les villes vertes", "ville", "villes"),
        ("fr", "Eau potable", "Traitement des eaux", "eau", "eaux"),
        ("ru", "Новый город", "Города будущего", "город", "города"),
        ("pt", "Mulher na cidade", "Mulheres nas cidades", "cidade", "cidades"),
    ],
)
def test_a_translation_is_stemmed_in_its_language(client, language, singular, plural, word, words):
    two_articles(language, singular, plural)
    assert slugs(client.get(f"/{language}/search/", {"q": f'"{word}"'})) == ["many", "one"]
    assert slugs(client.get(f"/{language}/search/", {"q": words})) == ["many", "one"]
    # The directory's, the news list's and the API's q are the same search.
    response = client.get(f"/{language}/news/", {"q": words})
    assert sorted(article.slug for article in response.context["page_obj"]) == ["many", "one"]


@pytest.mark.django_db
@postgres_only
def test_english_text_is_still_found_and_left_out_on_a_spanish_page(client):
    ArticleFactory(slug="cities", title="Transport in cities", summary="", body="")
    ArticleFactory(slug="buses", title="Transport by bus", summary="", body="")
    assert slugs(client.get("/es/search/", {"q": '"city"'})) == ["cities"]
    assert slugs(client.get("/search/", {"q": '"city"'})) == ["cities"]
    # "city" is "city" to the Spanish stemmer and "citi" to the English one: left out in both.
    assert slugs(client.get("/es/search/", {"q": "transport -city"})) == ["buses"]
    assert slugs(client.get("/es/search/", {"q": 'transport -"in cities"'})) == ["buses"]


@pytest.mark.django_db
@postgres_only
def test_a_translation_is_highlighted_in_its_language_and_english_text_in_english(client):
    ArticleFactory(slug="redes", title="Water networks", title_es="Redes de agua", summary="", body="")
    ArticleFactory(slug="recycling", title="Recycling red bricks", summary="", body="")
    hits = {hit.object.slug: hit for hit in client.get("/es/search/", {"q": '"red"'}).context["hits"]}
    assert "<mark>Redes</mark>" in str(hits["redes"].title)
    assert "<mark>red</mark>" in str(hits["recycling"].title)  # no translation: English, English stemming


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "ru", "zh-hans"])
def test_a_search_in_another_language_costs_the_same_queries(client, language):
    MemberFactory.create_batch(3, name="Harbour city", description="A harbour.", description_es="Un puerto.")
    ArticleFactory.create_batch(3, title="Harbour news", title_ru="Новости гавани")
    EventFactory.create_batch(3, title="Harbour webinar")

    def search(prefix):
        cache.clear()  # each drawn as right after a change
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{prefix}/search/", {"q": "harbour"})
        assert response.context["total"] == 9
        return len(queries)

    assert search(f"/{language}") == search("")  # English's budget: tests/test_search.py


# --- demo data -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_clusters_are_translated_into_at_least_four_languages(client):
    call_command("load_demo", verbosity=0)
    for slug, languages in demo_content.CLUSTER_TRANSLATIONS.items():
        assert {"es", "fr", "pt", "zh-hans"} <= set(languages), slug
    transport = Cluster.objects.get(slug="transport")
    assert transport.name_zh_hans == "可持续交通与空气质量"
    assert transport.intro_pt.startswith("Cidades do Sul Global")
    response = client.get("/zh-hans/clusters/")
    assert "可持续废弃物管理" in response.text and "减少灾害风险" in response.text
    # A demo cluster whose every text is translated shows no notice.
    tourism = client.get("/fr/clusters/tourism/")
    assert "<h1>Tourisme durable</h1>" in tourism.text
    assert "relance des économies touristiques" in tourism.text
    assert "traduite" not in tourism.text


@pytest.mark.django_db
def test_load_demo_fills_missing_translations_and_keeps_an_editors(client):
    call_command("load_demo", verbosity=0)
    Cluster.objects.filter(slug="waste").update(name_es="Residuos sólidos", intro_fr=None)
    call_command("load_demo", verbosity=0)
    waste = Cluster.objects.get(slug="waste")
    assert waste.name_es == "Residuos sólidos"  # an editor's translation is kept
    assert waste.intro_fr == demo_content.CLUSTER_TRANSLATIONS["waste"]["fr"]["intro"]  # a missing one is filled
    assert Event.objects.exists()


# --- writes --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_while_another_language_is_active_leaves_each_language_as_it_was():
    event = EventFactory(title="A webinar", description="<p>English text.</p>")
    with translation.override("es"):
        event.summary_es = "Resumen."
        event.save()
    event.refresh_from_db()
    assert event.description_es in (None, "")  # the English text was not copied into Spanish
    assert event.summary_es == "Resumen."
    assert event.title_en == "A webinar"
    assert Event.objects.filter(title="A webinar").exists()  # the original column stays English


@pytest.mark.django_db
def test_an_approved_partner_update_replaces_the_source_text_and_keeps_translations():
    member = MemberFactory(description="Old text.", description_fr="Texte traduit.")
    submission = SubmissionFactory(type=SubmissionType.UPDATE, member=member, description="New text from the partner.")
    with translation.override("fr"):
        services.approve(submission=submission, reviewer=UserFactory())
    member.refresh_from_db()
    assert member.description_en == "New text from the partner."
    assert member.description_fr == "Texte traduit."
    assert member.status == Status.PUBLISHED


# --- partner emails ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("empty_cache")
def test_a_partner_hears_back_in_the_language_of_the_form_and_moderators_in_english(
    client, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/submit/", form_data())
    assert response.status_code == 302
    submission = ProfileSubmission.objects.get()
    assert submission.language == "es"
    to_partner = next(message for message in mail.outbox if message.to == ["ama@example.org"])
    to_moderator = next(message for message in mail.outbox if message.to == [moderator.email])
    assert to_partner.subject == "Hemos recibido su perfil de Ve-Golokuati Municipal Assembly"
    assert to_moderator.subject.startswith("New profile to review")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):  # the back office
        member = services.approve(submission=submission, reviewer=moderator)
    [decision] = mail.outbox
    assert decision.subject == "Su perfil de Ve-Golokuati Municipal Assembly está publicado"
    assert f"/es/members/{member.slug}/" in decision.body


@pytest.mark.django_db
def test_an_untranslated_hero_caption_is_marked_english(client):
    ClusterFactory(slug="transport", hero_caption="A zero-emission bus", hero_credit="Cities Project")
    cluster = Cluster.objects.get()
    cluster.hero_image.save("transport.jpg", ContentFile(placeholders.photo("Transport")), save=True)
    response = client.get("/es/clusters/transport/")
    assert '<figcaption><span lang="en" dir="ltr">A zero-emission bus</span>' in response.text
