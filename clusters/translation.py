"""Content translations of clusters (django-modeltranslation): one column per language on the row."""

from modeltranslation.translator import TranslationOptions, register

from core.history import register_history

from .models import Cluster, ClusterFigure


@register(Cluster)
class ClusterTranslation(TranslationOptions):
    fields = ("name", "short_name", "intro", "description", "hero_caption")
    # Both are unique: an empty translation is NULL, never "", so many clusters can lack one.
    empty_values = {"name": None, "short_name": None}


@register(ClusterFigure)
class ClusterFigureTranslation(TranslationOptions):
    fields = ("label",)


# After the translated columns exist, so every version keeps every language.
register_history(Cluster, excluded_fields=["search_vector"])
register_history(ClusterFigure)
