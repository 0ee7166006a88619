"""Content translations of members (django-modeltranslation).

The name and locality are translatable too (a city's official name in another script, a
locality's usual spelling in another language), but usually stay as entered: the English columns
are the source text, and the directory is ordered (and indexed) by that source `name` in every
language (see `by_name()` in models.py). A name or locality shown as entered is marked
`lang="en"` like any other fallback, but does not make a page "not yet translated": the notice
is about the description, the text readers need in their language (`notice_ignores`).
"""

from modeltranslation.translator import TranslationOptions, register

from core.history import register_history

from .models import Member


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("name", "locality", "summary", "key_fact", "description")
    notice_ignores = ("name", "locality")


register_history(Member, excluded_fields=["search_vector"])
