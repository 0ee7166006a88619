"""History (django-simple-history) of models whose text is translated (django-modeltranslation).

A model's history is registered after its translated columns exist (in the app's translation.py),
so every version keeps every language and restoring one brings its translations back. The history
table gets plain copies of the translated columns: django-modeltranslation's fields describe
themselves by their original field, which would carry `unique=True` (cluster names) into the
history table, where many versions of one cluster share a name.
"""

import simple_history
from django.utils.module_loading import import_string
from modeltranslation.fields import TranslationField
from simple_history.models import HistoricalRecords


class TranslatedHistoricalRecords(HistoricalRecords):
    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in list(fields.items()):
            if isinstance(field, TranslationField):
                _name, path, args, kwargs = field.deconstruct()
                kwargs.update(unique=False, null=True, blank=True, db_index=False)
                fields[name] = import_string(path)(*args, **kwargs)
        return fields


def register_history(model, **options):
    """`history` on `model`: who changed what and when, every language included."""
    simple_history.register(model, records_class=TranslatedHistoricalRecords, **options)
