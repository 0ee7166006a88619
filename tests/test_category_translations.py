"""News category names are translatable (docs/languages.md)."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from news.models import Category

from .factories import ArticleFactory, CategoryFactory


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    translation.activate("en")


@pytest.mark.django_db
def test_a_translated_category_is_shown_in_its_language_everywhere(client):
    webinars = CategoryFactory(slug="webinars", name="Webinars", name_fr="Webinaires")
    article = ArticleFactory(slug="buses", title="Electric buses")
    article.categories.add(webinars)
    listing = client.get("/fr/news/")
    assert '<span class="tag tag--muted">Webinaires</span>' in listing.text
    assert '<option value="webinars">Webinaires</option>' in listing.text
    detail = client.get("/fr/news/buses/")
    assert ">Webinaires</a>" in detail.text
    assert client.get("/api/news/buses/", {"lang": "fr"}).json()["categories"] == [
        {"slug": "webinars", "name": "Webinaires"}
    ]
    assert '<span class="tag tag--muted">Webinars</span>' in client.get("/news/").text


@pytest.mark.django_db
def test_an_untranslated_category_is_marked_english(client):
    ArticleFactory().categories.add(CategoryFactory(slug="drr", name="DRR News"))
    listing = client.get("/es/news/")
    assert '<span class="tag tag--muted" lang="en" dir="ltr">DRR News</span>' in listing.text
    assert '<option value="drr" lang="en" dir="ltr">DRR News</option>' in listing.text


@pytest.mark.django_db
def test_categories_keep_their_order_in_every_language():
    CategoryFactory(slug="b", name="Bravo", order=1, name_es="Aaa")
    CategoryFactory(slug="a", name="Alpha", order=1)
    CategoryFactory(slug="z", name="Zulu", order=0)
    for language in ("en", "es", "ar"):
        with translation.override(language):
            assert [category.slug for category in Category.objects.all()] == ["z", "a", "b"], language


@pytest.mark.django_db
def test_two_categories_without_a_translation_can_both_be_saved_in_the_admin(editor_client):
    for slug in ("one", "two"):
        response = editor_client.post(
            reverse("admin:news_category_add"), {"name_en": slug.title(), "name_es": "", "slug": slug, "order": 0}
        )
        assert response.status_code == 302, re.findall(r'class="errorlist[^>]*>.*?</ul>', response.text)
    assert Category.objects.filter(name_es__isnull=True).count() == 2
    assert set(Category.objects.values_list("name_en", flat=True)) == {"One", "Two"}
    page = editor_client.get(reverse("admin:news_category_change", args=[Category.objects.first().pk]))
    assert 'name="name_zh_hans"' in page.text


@pytest.mark.django_db
def test_saving_a_category_in_another_language_keeps_the_english_name():
    category = CategoryFactory(slug="news", name="News")
    with translation.override("es"):
        category.name_es = "Noticias"
        category.save()
    assert Category.objects.filter(name="News", name_en="News", name_es="Noticias").exists()


@pytest.mark.django_db
def test_the_demo_categories_are_translated():
    call_command("load_demo", verbosity=0)
    webinars = Category.objects.get(slug="webinars")
    assert (webinars.name_en, webinars.name_es, webinars.name_zh_hans) == ("Webinars", "Seminarios web", "网络研讨会")
