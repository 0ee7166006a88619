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

# django-modeltranslation copies every index that names a translated field once per language
# (`member_name_idx-es` on name_es, id; the same for the country and kind indexes): 21 indexes
# that nothing reads, since lists sort and filter by the source `name`, and every write would
# pay for. Only the declared indexes are kept (restored after registering, below).
DECLARED_INDEXES = list(Member._meta.indexes)


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("name", "locality", "description")
    notice_ignores = ("name", "locality")


Member._meta.indexes = DECLARED_INDEXES

register_history(Member, excluded_fields=["search_vector"])
