"""The expression of interest a visitor sends about a post, and the staff's note on a decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PartnerForm, no_control_characters, single_line

ANSWER_LENGTH = 3000


def _answer(label, help_text):
    return forms.CharField(
        label=label,
        min_length=20,
        max_length=ANSWER_LENGTH,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=help_text,
    )


class InterestForm(PartnerForm):
    """Who is interested and why. Plain text only; nothing here is ever shown on a public page."""

    organisation = forms.CharField(label=_("Organisation"), min_length=2, max_length=200, validators=[single_line])
    name = forms.CharField(label=_("Your name"), max_length=200, validators=[single_line])
    email = forms.EmailField(
        label=_("Your email"),
        help_text=_(
            "Never shown publicly. The secretariat writes to you here and gives it to the member "
            "only when it forwards your interest."
        ),
    )
    proposal = _answer(
        _("What cooperation do you propose?"),
        _("What you could do together, in what format and when, in 20 to 3,000 characters."),
    )
    questions = _answer(
        _("What do you need to know?"),
        _("Questions for the member before you go further."),
    )
    about = _answer(
        _("Who are you?"),
        _("Your organisation, your role and your experience with the subject."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].widget.attrs.update({"autocomplete": "organization"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})


class DecisionNoteForm(forms.Form):
    """The note staff add when they forward, decline, introduce or dismiss (it goes into the emails)."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. Included in the emails to both sides."),
    )
