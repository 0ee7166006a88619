"""Content translations of pages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from core.history import register_history

from .models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


register_history(Page, excluded_fields=["search_vector"])
