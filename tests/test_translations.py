"""The interface catalogues: one per language besides English, every message translated, none fuzzy."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parent.parent
LOCALES = [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue(locale):
    return polib.pofile(str(ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_in_the_catalogue_is_translated(locale):
    untranslated = [entry.msgid for entry in catalogue(locale).untranslated_entries()]

    assert untranslated == [], f"{len(untranslated)} untranslated in {locale}: {untranslated[:10]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_message_in_the_catalogue_is_fuzzy(locale):
    fuzzy = [entry.msgid for entry in catalogue(locale).fuzzy_entries()]

    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {locale}: {fuzzy[:10]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_plural_message_has_every_form_the_language_needs(locale):
    po = catalogue(locale)
    forms = int(po.metadata["Plural-Forms"].split("nplurals=")[1].split(";")[0])
    short = [
        entry.msgid
        for entry in po
        if entry.msgid_plural and len([v for v in entry.msgstr_plural.values() if v]) < forms
    ]

    assert short == []


PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?([sdgf])")


def sample_values(msgid):
    return {name: 1 if kind in "dgf" else "x" for name, kind in PLACEHOLDER.findall(msgid)}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_translation_formats_with_the_values_its_message_takes(locale):
    broken = []
    for entry in catalogue(locale):
        if "python-format" not in entry.flags:
            continue
        values = sample_values(entry.msgid + entry.msgid_plural)
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            try:
                text % (values or 1)
            except (KeyError, TypeError, ValueError):
                broken.append(text)

    assert broken == []
