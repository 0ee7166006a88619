"""Content translations of members (django-modeltranslation).

A member's name is the organisation's own name and its locality a place name, both shown as
entered; the directory is ordered (and indexed) by that name in every language. The description
is what readers need in their language.
"""

from modeltranslation.translator import TranslationOptions, register

from core.history import register_history

from .models import Member


@register(Member)
class MemberTranslation(TranslationOptions):
    fields = ("description",)


register_history(Member, excluded_fields=["search_vector"])
