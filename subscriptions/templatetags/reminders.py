"""What an event's page needs to offer "Remind me"."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def not_started(event):
    """True until the event starts: a reminder is only worth asking for before then (an event
    that is under way is still "upcoming" on its page until it ends)."""
    return event.starts_at > timezone.now()
