"""Data migration helper: existing text becomes the English translation (README "Content in several languages")."""

from django.db.models import F


def lift_statement_timeout(schema_editor):
    """Rewriting every row of a big table takes longer than the request-sized statement_timeout set
    for the site (DB_STATEMENT_TIMEOUT_MS): lift it for the rest of this migration's transaction."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL statement_timeout = 0")


def copy_to_english(app_label, fields_by_model):
    """A RunPython function that copies each field into its `<field>_en` column, history included."""

    def forwards(apps, schema_editor):
        lift_statement_timeout(schema_editor)
        for model_name, fields in fields_by_model.items():
            for name in (model_name, f"historical{model_name}"):
                try:
                    model = apps.get_model(app_label, name)
                except LookupError:  # no history kept for this model
                    continue
                model._base_manager.update(**{f"{field}_en": F(field) for field in fields})

    return forwards
