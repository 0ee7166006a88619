"""The partner space's forms: asking for a sign-in link, a post, a change of state, an outcome."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from core.forms import PartnerForm, no_control_characters, single_line
from exchange.models import FormatCode, PostState, PostType
from submissions.forms import ClusterChoiceField, clean_target_codes

# The states a partner may move a post to, from a state in which it is still listed; "expired" is
# housekeeping's, and a met or withdrawn post is closed.
PARTNER_STATES = [
    (PostState.OPEN, PostState.OPEN.label),
    (PostState.IN_DISCUSSION, PostState.IN_DISCUSSION.label),
    (PostState.PARTLY_MET, PostState.PARTLY_MET.label),
    (PostState.MET, PostState.MET.label),
    (PostState.WITHDRAWN, PostState.WITHDRAWN.label),
]


class SignInForm(forms.Form):
    """The address a member's contact wants a sign-in link at. The answer never says whether it is on file."""

    email = forms.EmailField(
        label=_("Your organisation's contact email"),
        max_length=254,
        help_text=_("The address the portal has on file for your organisation's profile."),
    )
    next = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})


class PostForm(PartnerForm):
    """A request or an offer on the exchange, as a partner writes it. Plain text throughout."""

    type = forms.ChoiceField(label=_("Type of post"), choices=[("", "—"), *PostType.choices])
    title = forms.CharField(
        label=_("Title"),
        min_length=5,
        max_length=200,
        validators=[single_line],
        help_text=_('What you need or offer, in a few words, e.g. "Expertise in landfill gas capture".'),
    )
    description = forms.CharField(
        label=_("Description"),
        min_length=40,
        max_length=4000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The context: who you are, what you are working on and why (40 to 4,000 characters)."),
    )
    details = forms.CharField(
        label=_("What is sought or offered"),
        min_length=20,
        max_length=3000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The expertise, visit, technology or service, in concrete terms (20 to 3,000 characters)."),
    )
    clusters = ClusterChoiceField(
        label=_("Clusters"), queryset=Cluster.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    targets = forms.CharField(
        label=_("SDG targets"),
        required=False,
        max_length=300,
        validators=[single_line],
        help_text=_(
            "The codes of the Sustainable Development Goal targets concerned, separated by commas, e.g. 11.6, 12.5."
        ),
    )
    formats = forms.MultipleChoiceField(
        label=_("Preferred formats"), choices=FormatCode.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages your team can work in."),
    )
    language = forms.ChoiceField(label=_("Language of the text above"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(
        label=_(
            "I may speak for this organisation, and I agree that this post may be published on the portal's "
            "exchange once a moderator approves it."
        ),
        error_messages={"required": _("Please agree to publication; we cannot publish a post without it.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clusters"].queryset = Cluster.objects.published().active().only("pk", "name", "order")

    def clean_targets(self):
        return clean_target_codes(self.cleaned_data["targets"])

    def payload(self):
        """What ProfileSubmission.post_fields keeps (the title is the submission's name, the
        clusters its clusters)."""
        data = self.cleaned_data
        return {
            "type": data["type"],
            "description": data["description"],
            "details": data["details"],
            "targets": data["targets"],
            "formats": sorted(data["formats"]),
            "languages": sorted(data["languages"]),
            "language": data["language"],
        }

    @staticmethod
    def initial_from_post(post):
        return {
            "type": post.type,
            "title": post.title,
            "description": post.description,
            "details": post.details,
            "clusters": list(post.clusters.values_list("pk", flat=True)),
            "targets": ", ".join(post.targets.values_list("code", flat=True)),
            "formats": list(post.formats.values_list("code", flat=True)),
            "languages": list(post.languages.values_list("code", flat=True)),
            "language": post.language,
        }

    @staticmethod
    def initial_from_submission(submission):
        fields = submission.post_fields
        return {
            "type": fields.get("type"),
            "title": submission.name,
            "description": fields.get("description"),
            "details": fields.get("details"),
            "clusters": list(submission.clusters.values_list("pk", flat=True)),
            "targets": ", ".join(fields.get("targets", [])),
            "formats": fields.get("formats", []),
            "languages": fields.get("languages", []),
            "language": fields.get("language"),
        }


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=PARTNER_STATES)


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("What came of it"),
        min_length=20,
        max_length=5000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Who you worked with, what was done and what changed. The secretariat may turn it into a "
            "good practice, with your agreement (20 to 5,000 characters)."
        ),
    )
