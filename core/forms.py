"""Form pieces every public form shares, kept in core so that content apps (the exchange's
expression of interest) and submissions use the same honeypot, token and text checks."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Anything below a space except tab and line breaks: never typed by a person, and a way to
# smuggle headers into an email subject.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HONEYPOT_FIELD = "fax_number"


def no_control_characters(value):
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(_("Please remove the invisible control characters from this field."))


def single_line(value):
    no_control_characters(value)
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Please keep this field on one line."))


class PartnerForm(forms.Form):
    """What every partner form shares: a honeypot and a one-time form token."""

    # Hidden from people (CSS and aria-hidden); bots that fill every field give themselves away.
    fax_number = forms.CharField(label=_("Leave this field empty"), required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fax_number"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def caught_by_honeypot(self):
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        if self.caught_by_honeypot:
            raise ValidationError(
                _(
                    "This form could not be accepted because a field meant to stay empty was filled in. "
                    "Nothing was saved."
                ),
                code="honeypot",
            )
        return cleaned

    def has_missing_token(self):
        return "form_token" in self.errors
