import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from clusters.models import Cluster
from core import uploads
from members.models import Kind

from .models import SubmissionStatus

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


class ClusterChoiceField(forms.ModelMultipleChoiceField):
    """Cluster ticks, by primary key. A value that is not a plausible key (letters, or a number
    no database integer holds, which SQLite would raise OverflowError for) is an invalid
    choice, not a server error."""

    plausible_pk = re.compile(r"[0-9]{1,18}")

    def _check_values(self, value):
        for pk in value:
            if not isinstance(pk, int) and not self.plausible_pk.fullmatch(str(pk)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class WebsiteField(forms.URLField):
    """An http(s) address only: no ftp:, no javascript:, no data:."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class ProfileForm(forms.Form):
    """What a partner fills in, for a new profile or an update. Every field is plain text."""

    name = forms.CharField(
        label=_("Organisation name"),
        min_length=2,
        max_length=200,
        validators=[single_line],
        help_text=_('As it should appear on the portal, e.g. "Afadzato South District Assembly".'),
    )
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=[("", "—"), *Kind.choices])
    country = forms.ChoiceField(label=_("Country"))
    locality = forms.CharField(
        label=_("Locality"),
        max_length=200,
        validators=[single_line],
        help_text=_('Where you are, as it should be shown, e.g. "Afadzato South District, Ghana".'),
    )
    description = forms.CharField(
        label=_("Description"),
        min_length=40,
        max_length=3000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What your organisation does and what it wants to share or learn, in 40 to 3,000 characters. "
            "Plain text; leave a blank line between paragraphs."
        ),
    )
    website = WebsiteField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("The address of your official site, e.g. https://example.org."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=_("PNG, JPEG or WebP, at most 5 MB and 25 megapixels. A square logo looks best."),
    )
    clusters = ClusterChoiceField(
        label=_("Clusters of interest"),
        queryset=Cluster.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(
        label=_("Contact name"),
        max_length=200,
        validators=[single_line],
        help_text=_("Never shown publicly. We write to this person about the submission."),
    )
    contact_email = forms.EmailField(
        label=_("Contact email"),
        help_text=_("Never shown publicly. Links to update the profile later are sent here."),
    )
    consent = forms.BooleanField(
        label=_(
            "I may speak for this organisation, and I agree that everything above except the contact name "
            "and email may be published on the portal once a moderator approves it."
        ),
        error_messages={"required": _("Please agree to publication; we cannot list a profile without it.")},
    )
    # Hidden from people (CSS and aria-hidden); bots that fill every field give themselves away.
    fax_number = forms.CharField(label=_("Leave this field empty"), required=False)
    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, current_logo=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_logo = current_logo
        self.fields["country"].choices = [("", "—"), *countries]
        self.fields["clusters"].queryset = Cluster.objects.published().active().only("pk", "name", "order")
        self.fields["fax_number"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["contact_email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["contact_name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["name"].widget.attrs.update({"autocomplete": "organization"})
        self.fields["website"].widget.attrs.update({"autocomplete": "url"})
        if current_logo:
            self.fields["logo"].help_text = _(
                "Leave empty to keep the current logo. PNG, JPEG or WebP, at most 5 MB and 25 megapixels."
            )
            self.fields["logo"].widget = forms.FileInput(attrs={"accept": uploads.ACCEPT})

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        return uploads.clean_image(upload)

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


class DecisionForm(forms.Form):
    """A moderator's decision on a pending submission."""

    APPROVE = SubmissionStatus.APPROVED
    REJECT = SubmissionStatus.REJECTED
    CHANGES = SubmissionStatus.CHANGES_REQUESTED

    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (APPROVE, _("Approve and publish")),
            (REJECT, _("Reject, with a reason")),
            (CHANGES, _("Ask for changes, with a message")),
        ],
    )
    note = forms.CharField(
        label=_("Reason or message to the contact"),
        required=False,
        max_length=3000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the contact by email. Required to reject or to ask for changes."),
    )
    feature = forms.BooleanField(
        label=_("Feature this member on its cluster pages"),
        required=False,
        help_text=_("Only for approvals. Featured members are listed on the cluster page itself."),
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in (self.REJECT, self.CHANGES) and not cleaned.get("note", "").strip():
            self.add_error(
                "note",
                _("Please write the reason for the rejection.")
                if decision == self.REJECT
                else _("Please write what should change."),
            )
        return cleaned
