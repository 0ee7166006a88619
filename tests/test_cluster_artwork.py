"""A cluster's artwork (its icon, white on its colour) where a card has no photo, and the figures an
editor gives a cluster's intro."""

import datetime as dt
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils import timezone

from demo import placeholders

from .factories import ArticleFactory, ClusterFactory, EventFactory, MembershipFactory

NOW = timezone.now()


@pytest.fixture
def transport(db):
    return ClusterFactory(slug="transport", short_name="Transport", colour="blue", icon="bus", order=1)


@pytest.fixture
def waste(db):
    return ClusterFactory(slug="waste", short_name="Waste", colour="green", icon="recycle", order=2)


def cards(html, kind):
    return re.findall(rf'<li class="card {kind}-card.*?</li>', html, re.S)


def artwork(card):
    """(classes of the artwork's frame, its image's address, its image's alt) in a card, or None."""
    match = re.search(r'<span class="(art [^"]*)"><img class="art__icon" src="([^"]+)"[^>]* alt="([^"]*)"', card)
    return match.groups() if match else None


# Artwork ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_article_card_without_a_photo_shows_its_first_clusters_icon_on_its_colour(client, transport, waste):
    ArticleFactory(title="Both clusters", published_at=NOW - dt.timedelta(days=1)).clusters.set([waste, transport])
    ArticleFactory(title="Waste only", published_at=NOW - dt.timedelta(days=2)).clusters.set([waste])
    ArticleFactory(title="No cluster", published_at=NOW - dt.timedelta(days=3))

    both, waste_only, none = cards(client.get("/news/").text, "article")

    # The first cluster is the first in the clusters' display order, whatever order they were tagged in.
    assert artwork(both) == ("art art--wide cluster-colour--blue", "/static/icons/clusters/bus.svg", "")
    assert artwork(waste_only) == ("art art--wide cluster-colour--green", "/static/icons/clusters/recycle.svg", "")
    assert artwork(none) == ("art art--wide", "/static/icons/globe.svg", "")  # the portal's globe, on its blue
    assert '<span class="tag tag--cluster cluster-colour--green">Waste</span>' in waste_only


@pytest.mark.django_db
def test_an_article_card_with_a_photo_shows_the_photo_and_no_artwork(client, transport):
    article = ArticleFactory(lead_image_caption="A bus")
    article.lead_image.save("bus.jpg", ContentFile(placeholders.photo("Bus")), save=True)
    article.clusters.set([transport])

    (card,) = cards(client.get("/news/").text, "article")

    assert artwork(card) is None
    assert 'class="article-card__image"' in card


@pytest.mark.django_db
def test_an_event_card_shows_its_clusters_icon_in_its_date_block(client, transport, waste):
    EventFactory(starts_at=NOW + dt.timedelta(days=3)).clusters.set([waste])
    EventFactory(starts_at=NOW + dt.timedelta(days=4))

    waste_event, no_cluster = cards(client.get("/events/").text, "event")

    assert '<p class="event-card__date cluster-colour--green">' in waste_event
    assert artwork(waste_event) == ("art art--date cluster-colour--green", "/static/icons/clusters/recycle.svg", "")
    assert artwork(no_cluster) == ("art art--date", "/static/icons/globe.svg", "")


@pytest.mark.django_db
def test_a_cluster_card_without_a_hero_photo_shows_the_clusters_icon_on_the_list_and_home(client, waste):
    MembershipFactory(cluster=waste)

    (listed,) = cards(client.get("/clusters/").text, "cluster")
    (home,) = cards(client.get("/").text, "cluster")

    assert artwork(listed) == ("art art--banner cluster-colour--green", "/static/icons/clusters/recycle.svg", "")
    assert artwork(home) == ("art art--square cluster-colour--green", "/static/icons/clusters/recycle.svg", "")
    assert "cluster-colour--green" in listed.split(">")[0]  # the card's top edge, too


def test_a_frame_without_a_photo_has_the_photos_shape():
    """The artwork takes the place of a photo at the same width and aspect ratio, so a card without a
    photo is as tall as one with (tests/browser/test_artwork.py measures it at 390 px)."""
    css = open(finders.find("css/site.css"), encoding="utf-8").read()  # noqa: SIM115

    def rule(selector):
        return " ".join(re.findall(rf"(?m)^{re.escape(selector)} \{{([^}}]*)\}}", css))

    for photo, art, ratio in [
        (".article-card__image", ".art--wide", "16 / 9"),
        (".cluster-card__image", ".art--banner", "640 / 267"),
    ]:
        for selector in (photo, art):
            assert "inline-size: 100%" in rule(selector), selector
            assert f"aspect-ratio: {ratio}" in rule(selector), selector


@pytest.mark.parametrize("icon", ["bus", "recycle", "umbrella", "shopping-cart", "plane", "virus"])
def test_each_icon_is_shipped_as_a_small_svg_with_no_text(icon):
    svg = open(finders.find(f"icons/clusters/{icon}.svg"), encoding="utf-8").read()  # noqa: SIM115
    assert svg.lstrip().startswith("<svg") and len(svg) < 1500
    assert "<text" not in svg
    assert finders.find("icons/clusters/LICENSE")
