"""Content translations of solutions and of the SDG titles (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from core.history import register_history

from .models import Goal, Solution, SolutionResult, Target


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("short", "title")


@register(Target)
class TargetTranslation(TranslationOptions):
    fields = ("title",)


@register(Solution)
class SolutionTranslation(TranslationOptions):
    fields = ("title", "summary", "challenge", "approach", "results_text", "replication", "lead_image_caption")


@register(SolutionResult)
class SolutionResultTranslation(TranslationOptions):
    fields = ("indicator", "unit", "source")


register_history(Solution, excluded_fields=["search_vector"])
