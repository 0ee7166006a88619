"""core/escaping.py: escape() and mark_safe() without keep_lazy's check give what Django's own give."""
# ruff: noqa: S308 - these tests call mark_safe on purpose, to compare it with Django's

from django.template import Context, Template
from django.utils import html, safestring
from django.utils.functional import Promise, lazystr
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy, override
from hypothesis import given
from hypothesis import strategies as st

django_escape = html.escape.lazy_version
django_mark_safe = html.mark_safe.lazy_version


def test_django_escaping_helpers_use_the_faster_functions():
    assert html.escape is not django_escape
    assert html.mark_safe is not django_mark_safe
    assert django_mark_safe is safestring.mark_safe  # the module's own name is left as Django made it


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none()))
def test_escape_gives_what_django_gives(value):
    escaped = html.escape(value)
    assert escaped == django_escape(value)
    assert type(escaped) is SafeString


@given(st.text())
def test_mark_safe_gives_what_django_gives(text):
    marked = html.mark_safe(text)
    assert marked == django_mark_safe(text)
    assert type(marked) is SafeString


def test_already_safe_text_is_escaped_by_escape_and_kept_by_mark_safe():
    safe = SafeString("<b>&amp;</b>")
    assert html.escape(safe) == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert html.mark_safe(safe) is safe


def test_lazy_text_stays_lazy_and_is_escaped_in_the_language_it_is_shown_in():
    text = gettext_lazy("Search")
    escaped = html.escape(text)
    assert isinstance(escaped, Promise)
    with override("es"):
        assert str(escaped) == "Buscar"
    assert str(html.escape(lazystr("<a>"))) == "&lt;a&gt;"
    assert isinstance(html.mark_safe(lazystr("<a>")), Promise)


def test_a_call_by_keyword_works_as_in_django():
    assert html.escape(text="<") == "&lt;"
    assert html.mark_safe(s="<b>") == "<b>"


def test_mark_safe_still_marks_a_function_safe():
    marked = html.mark_safe(lambda: "<b>")
    assert hasattr(marked(), "__html__")


def test_templates_and_format_html_escape_what_they_show():
    rendered = Template("{{ value }} {{ safe }}").render(Context({"value": "<script>&", "safe": SafeString("<i>")}))
    assert rendered == "&lt;script&gt;&amp; <i>"
    assert html.format_html("<p>{}</p>", "\"'<>&") == "<p>&quot;&#x27;&lt;&gt;&amp;</p>"
