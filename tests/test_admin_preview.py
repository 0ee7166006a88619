"""Staff preview a cluster, member, article or event through its public template before publishing."""

import pytest
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.html import escape

from clusters.models import Cluster
from core.publishing import Status
from events.models import Event
from members.models import Member
from news.models import Article
from pages.models import Page
from solutions.models import Solution

from .admin_forms import change_form_data
from .conftest import sign_in_verified
from .demo_snapshot import load_demo
from .factories import UserFactory

MODELS = {
    "clusters.cluster": (Cluster, "name"),
    "members.member": (Member, "name"),
    "news.article": (Article, "title"),
    "events.event": (Event, "title"),
    "pages.page": (Page, "title"),
    "solutions.solution": (Solution, "title"),
}
BANNER = "Preview — not public"


def preview_url(label, obj=None):
    name = f"admin:{label.replace('.', '_')}_preview"
    return reverse(name, args=[quote(obj.pk)]) if obj else reverse(f"{name}_add")


def change_url(label, obj):
    return reverse(f"admin:{label.replace('.', '_')}_change", args=[quote(obj.pk)])


@pytest.fixture
def demo(db):
    load_demo()


def drafted(label):
    """A published demo object turned into a draft, so visitors cannot see it."""
    model, _title = MODELS[label]
    obj = model.objects.published().order_by("pk").first()
    model.objects.filter(pk=obj.pk).update(status=Status.DRAFT)
    obj.refresh_from_db()
    return obj


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("label", MODELS)
def test_an_editor_previews_a_draft_in_english_and_arabic(editor_client, demo, label, language):
    obj = drafted(label)
    _model, title_field = MODELS[label]
    assert editor_client.get(obj.get_absolute_url()).status_code == 404  # not public

    response = editor_client.get(preview_url(label, obj), {"language": language})

    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in response.text
    assert "preview-banner" in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    with_language = getattr(obj, f"{title_field}_{language}") or getattr(obj, f"{title_field}_en")
    assert escape(with_language) in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("label", MODELS)
def test_unsaved_changes_are_previewed_and_nothing_is_kept(editor_client, demo, label):
    model, title_field = MODELS[label]
    obj = model.objects.published().order_by("pk").first()
    before = model.objects.count()
    data = change_form_data(editor_client.get(change_url(label, obj)).text)
    data[f"{title_field}_en"] = "A title nobody has saved"

    response = editor_client.post(preview_url(label, obj), {**data, "_preview_language": "en"})

    assert response.status_code == 200, response.text[:2000]
    assert "A title nobody has saved" in response.text
    assert BANNER in response.text
    obj.refresh_from_db()
    assert getattr(obj, title_field) != "A title nobody has saved"
    assert model.objects.count() == before
    public = editor_client.get(obj.get_absolute_url())
    assert "A title nobody has saved" not in public.text


@pytest.mark.django_db
def test_a_new_article_is_previewed_before_it_is_ever_saved(editor_client, demo):
    data = change_form_data(editor_client.get(reverse("admin:news_article_add")).text)
    data.update(title_en="Koidu opens a sorting centre", slug="koidu-sorting", summary_en="Waste sorted by hand.")
    data["body_en"] = "<p>The district council opened it in March.</p>"

    response = editor_client.post(preview_url("news.article"), {**data, "_preview_language": "ar"})

    assert response.status_code == 200
    assert 'dir="rtl"' in response.text  # drawn in the language chosen beside the button
    assert "Koidu opens a sorting centre" in response.text  # no Arabic title yet: the English one
    assert "The district council opened it in March." in response.text
    assert not Article.objects.filter(slug="koidu-sorting").exists()


@pytest.mark.django_db
def test_a_preview_of_an_invalid_form_says_what_to_fix_and_saves_nothing(editor_client, demo):
    data = change_form_data(editor_client.get(reverse("admin:news_article_add")).text)
    before = Article.objects.count()

    response = editor_client.post(preview_url("news.article"), data)

    assert response.status_code == 400
    assert "The preview cannot be shown yet" in response.text
    assert "This field is required." in response.text
    assert Article.objects.count() == before


@pytest.mark.django_db
def test_a_preview_is_remembered_nowhere_visitors_look(editor_client, client, demo, settings):
    """With the shared counts and picks on, as in production: what a preview drew from unsaved
    content (an event's agenda) never reaches a visitor's page."""
    settings.AGGREGATE_CACHE_SECONDS = 300
    event = Event.objects.published().filter(sessions__isnull=False).order_by("pk").first()
    session_title = event.sessions.order_by("order", "pk").first().title
    data = change_form_data(editor_client.get(change_url("events.event", event)).text)
    renamed = {key: "An agenda item nobody saved" for key, value in data.items() if value == session_title}
    assert renamed, "the form shows the session's title"

    preview = editor_client.post(preview_url("events.event", event), {**data, **renamed})
    assert "An agenda item nobody saved" in preview.text

    public = client.get(event.get_absolute_url())
    assert escape(session_title) in public.text
    assert "An agenda item nobody saved" not in public.text


@pytest.mark.django_db
def test_the_preview_is_a_404_for_anyone_but_staff(client, demo):
    article = drafted("news.article")
    assert client.get(preview_url("news.article", article)).status_code == 404
    client.force_login(UserFactory(is_staff=False))
    assert client.get(preview_url("news.article", article)).status_code == 404
    assert client.post(preview_url("news.article"), {"title_en": "x"}).status_code == 404


@pytest.mark.django_db
def test_a_moderator_may_look_but_not_preview_changes(moderator_client, demo):
    member = drafted("members.member")
    assert moderator_client.get(preview_url("members.member", member)).status_code == 200
    page = moderator_client.get(change_url("members.member", member)).text
    assert "formaction=" not in page  # no Preview button for a role that cannot change the member
    data = change_form_data(page, form_id="member_form")
    assert moderator_client.post(preview_url("members.member", member), data).status_code == 403
    assert moderator_client.get(preview_url("news.article", Article.objects.first())).status_code == 403


@pytest.mark.django_db
def test_the_change_form_offers_preview_and_view_on_site_only_once_public(client, demo):
    sign_in_verified(client, UserFactory(is_superuser=True))
    article = Article.objects.published().order_by("pk").first()
    page = client.get(change_url("news.article", article)).text
    assert f'formaction="{preview_url("news.article", article)}"' in page
    assert f'href="{article.get_absolute_url()}" class="viewsitelink"' in page

    draft = drafted("news.article")
    page = client.get(change_url("news.article", draft)).text
    assert "viewsitelink" not in page
    assert f'formaction="{preview_url("news.article", draft)}"' in page
