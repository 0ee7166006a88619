from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from core.page_cache import watch

        from .models import Event, Person, Recording, RecordingLink, Session, Speaker

        # What public pages show of this app, and when they change with no save.
        watch([Event, Person, Session, Speaker, Recording, RecordingLink], schedule=Event.objects.next_change)
