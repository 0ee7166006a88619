"""The 17 Sustainable Development Goals and 169 targets in six languages (solutions/reference.py).

Running it again updates the titles and adds what is missing; the reverse empties both tables
(a solution that names a target protects it).
"""

from django.db import migrations

from solutions import reference


def load(apps, schema_editor):
    reference.load(
        apps.get_model("solutions", "Goal"), apps.get_model("solutions", "Target"), schema_editor.connection.alias
    )


def unload(apps, schema_editor):
    apps.get_model("solutions", "Target").objects.all().delete()
    apps.get_model("solutions", "Goal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("solutions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
