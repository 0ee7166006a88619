"""Content translations of news articles (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from core.history import register_history

from .models import Article, Category


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "lead_image_caption")


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
    # Unique in each language: an empty translation is NULL, never "", so many categories can lack one.
    empty_values = {"name": None}


register_history(Article, excluded_fields=["search_vector"])
