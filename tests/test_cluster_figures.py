"""The figures an editor gives a cluster (ClusterFigure), shown as cards in its page's intro."""

import re

import pytest
from django.urls import reverse

from clusters.models import ClusterFigure

from .admin_forms import change_form_data
from .factories import ClusterFactory, MembershipFactory


@pytest.fixture
def transport(db):
    return ClusterFactory(slug="transport", short_name="Transport", colour="blue", icon="bus")


def intro_figures(html):
    """[(figure, label, the label's lang attribute or None)] of the intro's figure cards."""
    block = re.search(r'<ul class="figure-cards".*?</ul>', html, re.S).group(0)
    return [
        (value, re.sub(r"<[^>]+>|\s+", " ", label).strip(), lang or None)
        for value, lang, label in re.findall(
            r'<li class="figure-card"><strong>([^<]+)</strong>\s*(?:<span(?: lang="(\w+)"[^>]*)?>)?(.*?)</li>',
            block,
            re.S,
        )
    ]


@pytest.mark.django_db
def test_the_intro_shows_the_editors_figures_in_english_and_arabic(client, transport):
    ClusterFigure.objects.create(cluster=transport, order=2, value="17", label="countries", label_ar="دولة")
    ClusterFigure.objects.create(cluster=transport, order=1, value="22", label="member cities", label_ar="مدينة عضوًا")
    ClusterFigure.objects.create(cluster=transport, order=3, value="2019", label="the year it started")

    english = intro_figures(client.get("/clusters/transport/").text)
    arabic = intro_figures(client.get("/ar/clusters/transport/").text)

    assert english == [("22", "member cities", None), ("17", "countries", None), ("2019", "the year it started", None)]
    # A label with no Arabic yet is shown in English and marked so, for screen readers.
    assert arabic == [("22", "مدينة عضوًا", None), ("17", "دولة", None), ("2019", "the year it started", "en")]


@pytest.mark.django_db
def test_without_figures_the_intro_shows_the_directorys_live_counts(client, transport):
    MembershipFactory(cluster=transport)
    MembershipFactory(cluster=transport)

    figures = intro_figures(client.get("/clusters/transport/").text)

    assert [(value, label) for value, label, _lang in figures] == [("2", "members"), ("1", "country"), ("0", "events")]


@pytest.mark.django_db
def test_a_figure_added_or_changed_shows_at_once_on_the_cached_page(
    client, transport, django_capture_on_commit_callbacks
):
    assert intro_figures(client.get("/clusters/transport/").text)[0][1] == "members"  # now in the page cache

    with django_capture_on_commit_callbacks(execute=True):
        figure = ClusterFigure.objects.create(cluster=transport, value="22", label="member cities")
    assert intro_figures(client.get("/clusters/transport/").text) == [("22", "member cities", None)]

    with django_capture_on_commit_callbacks(execute=True):
        ClusterFigure.objects.filter(pk=figure.pk).update(value="23")  # a bulk write, too
    assert intro_figures(client.get("/clusters/transport/").text) == [("23", "member cities", None)]


@pytest.mark.django_db
def test_an_editor_gives_a_cluster_its_figures_colour_and_icon_in_the_admin(editor_client, transport):
    url = reverse("admin:clusters_cluster_change", args=[transport.pk])
    page = editor_client.get(url).text
    assert '<option value="rust">Rust</option>' in page
    assert '<option value="virus">Virus</option>' in page
    data = change_form_data(page)
    prefix = "figures"
    assert data[f"{prefix}-TOTAL_FORMS"] == "0"
    data |= {
        "colour": "rust",
        "icon": "virus",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-order": "1",
        f"{prefix}-0-value": "22",
        f"{prefix}-0-label_en": "member cities",
        f"{prefix}-0-label_ar": "مدينة عضوًا",
    }

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.text[:3000]
    transport.refresh_from_db()
    assert (transport.colour, transport.icon, transport.colour_hex) == ("rust", "virus", "#8a3c00")
    figure = transport.figures.get()
    assert (figure.value, figure.label_en, figure.label_ar) == ("22", "member cities", "مدينة عضوًا")
    assert figure.history.count() == 1  # its history, as the cluster's
