from django.db import models

from .sanitize import sanitize_html


class RichTextField(models.TextField):
    """HTML text that is sanitised every time it is saved, whatever saves it."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
