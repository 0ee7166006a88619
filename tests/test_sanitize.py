import pytest

from core.sanitize import sanitize_html

from .factories import ArticleFactory, ClusterFactory, EventFactory


def test_scripts_are_removed_with_their_content():
    assert sanitize_html("<p>Hi</p><script>alert(1)</script>") == "<p>Hi</p>"


def test_event_handlers_and_styles_are_removed():
    cleaned = sanitize_html('<p onclick="steal()" style="color:red">Text</p><img src=x onerror=alert(1)>')
    assert cleaned == "<p>Text</p>"


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<b>x</b>"]
)
def test_dangerous_links_lose_their_target(href):
    cleaned = sanitize_html(f'<a href="{href}">click</a>')
    assert "javascript" not in cleaned.lower()
    assert "data:" not in cleaned
    assert "click" in cleaned


def test_ordinary_formatting_and_links_survive():
    html = '<h2>Title</h2><p><strong>Bold</strong> <a href="https://example.org">link</a></p><ul><li>one</li></ul>'
    cleaned = sanitize_html(html)
    assert "<h2>Title</h2>" in cleaned
    assert "<strong>Bold</strong>" in cleaned
    assert 'href="https://example.org"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned
    assert "<li>one</li>" in cleaned


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "field"),
    [(ClusterFactory, "description"), (ArticleFactory, "body"), (EventFactory, "report"), (EventFactory, "objectives")],
)
def test_rich_text_is_sanitised_when_saved(factory, field):
    item = factory(**{field: '<p>Safe</p><script>alert("x")</script><a href="javascript:evil()">x</a>'})
    item.refresh_from_db()
    stored = getattr(item, field)
    assert "<script" not in stored
    assert "javascript:" not in stored
    assert "<p>Safe</p>" in stored
