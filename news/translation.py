"""Content translations of news articles (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from core.history import register_history

from .models import Article


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "lead_image_caption")


register_history(Article, excluded_fields=["search_vector"])
