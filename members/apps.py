from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        from core.page_cache import watch

        from .models import Member, Membership

        # What public pages show of this app, and when they change with no save.
        watch([Member, Membership], schedule=Member.objects.next_publication)
