"""A card without a photo shows its cluster's artwork in the photo's place, and is laid out as a card
with a photo: on a 390 px phone, in English and Arabic."""

import pytest

from clusters.models import Cluster
from news.models import Article

PHONE_390 = {"width": 390, "height": 844}

# Per card: the height of the frame at its top (a photo or the artwork) and where its text begins.
FRAMES = """
(selector) => [...document.querySelectorAll(selector)].map(card => {
  const frame = card.querySelector(":scope > img, :scope > .art");
  const art = card.querySelector(":scope > .art");
  const icon = art && art.querySelector("img").getBoundingClientRect();
  return {
    art: !!art,
    frame: frame.getBoundingClientRect().height,
    text: card.lastElementChild.getBoundingClientRect().top - card.getBoundingClientRect().top,
    width: frame.getBoundingClientRect().width,
    icon: icon && icon.width,
  };
})
"""


@pytest.fixture
def phone_390(browser):
    context = browser.new_context(viewport=PHONE_390)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("prefix", ["", "/ar"])
@pytest.mark.parametrize(
    ("path", "card"), [("/news/", ".article-card"), ("/clusters/", ".cluster-card")], ids=["news", "clusters"]
)
def test_a_card_without_a_photo_is_laid_out_as_one_with_a_photo(demo_site, phone_390, prefix, path, card):
    Article.objects.filter(pk=Article.objects.latest().first().pk).update(lead_image="")
    Cluster.objects.filter(slug="waste").update(hero_image="")

    phone_390.goto(f"{demo_site.url}{prefix}{path}")
    phone_390.wait_for_load_state("load")
    cards = phone_390.evaluate(FRAMES, card)

    with_art = [c for c in cards if c["art"]]
    with_photo = [c for c in cards if not c["art"]]
    assert len(with_art) == 1 and with_photo
    for photo in with_photo:
        assert with_art[0]["frame"] == pytest.approx(photo["frame"], abs=1)
        assert with_art[0]["text"] == pytest.approx(photo["text"], abs=1)
        assert with_art[0]["width"] == pytest.approx(photo["width"], abs=1)
    assert 48 <= with_art[0]["icon"] <= 96  # the icon at a size it reads well
