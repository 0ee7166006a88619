from django.contrib.auth.management import create_permissions
from django.db import migrations

from core.roles import sync_groups


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the
    # groups can be given them in this migration.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
    sync_groups(apps, using=schema_editor.connection.alias)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("clusters", "0001_initial"),
        ("members", "0001_initial"),
        ("news", "0001_initial"),
        ("events", "0001_initial"),
        ("submissions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
