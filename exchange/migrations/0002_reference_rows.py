"""One Format per FormatCode and one WorkingLanguage per language of the site (exchange/reference.py)."""

from django.db import migrations

from exchange import reference


def load(apps, schema_editor):
    reference.load(
        apps.get_model("exchange", "Format"),
        apps.get_model("exchange", "WorkingLanguage"),
        schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
