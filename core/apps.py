from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_staff_groups(sender, using="default", apps=None, **kwargs):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    from .roles import sync_groups

    # post_migrate is sent once per app that has models (core has none): act once, after the last one.
    last = [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]
    if sender is not last:
        return
    # `migrate` passes the migration state's apps; `flush` (as between transactional tests) passes none,
    # and the groups it just deleted must come back all the same.
    apps = apps or global_apps
    try:
        apps.get_model("auth", "Group")
    except LookupError:  # auth not migrated (migration state apps name apps by label, so no is_installed)
        return
    # Make sure every app's permissions exist (auth creates them in each app's own post_migrate).
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    sync_groups(apps, using=using)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal"

    def ready(self):
        # Keep the staff groups' permissions exact after every migrate, so a model
        # added later gets its permissions granted without a hand-written migration.
        post_migrate.connect(sync_staff_groups, dispatch_uid="core.sync_staff_groups")
