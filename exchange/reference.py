"""The reference rows of the exchange: one Format per FormatCode, one WorkingLanguage per language
of the site. Loaded by migrations/0002_reference_rows.py and again after a `flush` (apps.py)."""

from django.conf import settings


def load(format_model, language_model, using="default"):
    """Create what is missing (the models may be a migration's historical ones)."""
    from .models import FormatCode

    format_model.objects.using(using).bulk_create(
        [format_model(code=code) for code in FormatCode.values], ignore_conflicts=True
    )
    language_model.objects.using(using).bulk_create(
        [language_model(code=code) for code, _name in settings.LANGUAGES], ignore_conflicts=True
    )
