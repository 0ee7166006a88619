from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_staff_groups(sender, using="default", apps=None, **kwargs):
    from .roles import sync_groups

    if apps is not None and apps.is_installed("django.contrib.auth"):
        sync_groups(apps, using=using)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal"

    def ready(self):
        # Keep the staff groups' permissions exact after every migrate, so a model
        # added later gets its permissions granted without a hand-written migration.
        post_migrate.connect(sync_staff_groups, sender=self, dispatch_uid="core.sync_staff_groups")
