"""Which language a piece of content is shown in (docs/languages.md).

Translated fields (django-modeltranslation, each app's translation.py) have one column per
language: `name_en`, `name_es`… Reading `cluster.name` gives the active language's text, or the
English text when there is none. These helpers tell the templates when that happened, so the page
can say so and mark the English text `lang="en"` for screen readers.
"""

from django.conf import settings
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE  # what editors write first: English


def translated_fields(model):
    """The names of `model`'s translated fields, () for a model without translations."""
    try:
        return tuple(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return ()


def noticed_fields(model):
    """The translated fields whose absence the "not yet translated" notice reports: all of them but
    those the model's translation options list in `notice_ignores` (a member's name and locality,
    which usually stay as entered)."""
    try:
        ignored = getattr(translator.get_options_for_model(model), "notice_ignores", ())
    except NotRegistered:
        return ()
    return tuple(field for field in translated_fields(model) if field not in ignored)


def column(field, language):
    """`title`, `zh-hans` -> `title_zh_hans`."""
    return build_localized_fieldname(field, language)


def every_column(*fields, through=""):
    """Each field with its column in every language: `name`, `name_en`, `name_ar`…, prefixed with
    `through` ("cluster__"). For `only()` across a relation, which django-modeltranslation does not
    rewrite: a bare `cluster__name` would leave the translations deferred, one query each."""
    return [
        f"{through}{name}"
        for field in fields
        for name in (field, *(column(field, code) for code, _name in settings.LANGUAGES))
    ]


def _filled(value):
    return value not in (None, "")


def falls_back(obj, field, language=None):
    """True when `obj.<field>` shows the English text because the language has no translation."""
    language = language or translation.get_language() or SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE or field not in translated_fields(type(obj)):
        return False
    if _filled(getattr(obj, column(field, language), None)):
        return False
    return _filled(getattr(obj, column(field, SOURCE_LANGUAGE), None))


def translation_state(obj, language=None):
    """ "translated", "partly" (some fields shown in English) or "untranslated" (all of them).

    Only the fields in `noticed_fields()` count: a member whose description is in Spanish and whose
    name is shown as entered is "translated"."""
    fields = [field for field in noticed_fields(type(obj)) if _filled(getattr(obj, column(field, SOURCE_LANGUAGE)))]
    fallen = [field for field in fields if falls_back(obj, field, language)]
    if not fallen:
        return "translated"
    return "untranslated" if len(fallen) == len(fields) else "partly"


def no_translations(model):
    """Keyword arguments that build `model` with its translation columns empty (NULL).

    For code that builds many rows at once (generate_scale_data): a translation column left out
    of the constructor asks django-modeltranslation for its default, which switches the active
    language twice per column and row, and that doubles the time to build 100,000 articles.
    """
    return {
        column(field, code): None
        for field in translated_fields(model)
        for code, _name in settings.LANGUAGES
        if code != SOURCE_LANGUAGE
    }


class SavedInSourceLanguage:
    """A model whose translated rows are always saved as if in English.

    Saving reads each translated field through the active language (django-modeltranslation), and
    rich text is cleaned by writing it back the same way. Saved while Spanish is active, an event
    would get its English text copied into its empty Spanish columns, and its original columns
    (the ones searched and sorted on) would hold Spanish. Saving in English keeps each language's
    columns as the editor left them and the original columns English.
    """

    def save(self, *args, **kwargs):
        with translation.override(SOURCE_LANGUAGE):
            return super().save(*args, **kwargs)


def requested_language(code):
    """The supported language code for `code` ("es", "ZH-Hans", "pt-BR" -> "pt"), or None."""
    code = (code or "").strip().replace("_", "-").lower()
    if not code or len(code) > 20:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None
