"""Content translations of events and their agenda (django-modeltranslation).

Venue, city and organisers are names and are shown as entered.
"""

from modeltranslation.translator import TranslationOptions, register

from core.history import register_history

from .models import Event, Session


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "objectives", "report")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "details")


register_history(Event, excluded_fields=["search_vector"])
