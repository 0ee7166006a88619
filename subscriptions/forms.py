"""The subscribe form (public: honeypot and one-time token) and the preferences form (reached by a
signed link, so neither is needed there). Both ask the same questions."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from core.forms import PartnerForm

from .models import Frequency, Topic


def language_choices():
    """Each language in its own name, as a reader of it looks for it."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the emails"), choices=language_choices)
    all_clusters = forms.BooleanField(
        label=_("All clusters"), required=False, help_text=_("Untick to choose clusters below.")
    )
    clusters = forms.ModelMultipleChoiceField(
        label=_("Clusters"),
        queryset=Cluster.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.MultipleChoiceField(
        label=_("What to receive"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to receive only the event reminders you asked for."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect, initial=Frequency.WEEKLY
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clusters"].queryset = Cluster.objects.published().active().only("name", "slug")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("all_clusters") and "clusters" in cleaned and not cleaned["clusters"]:
            self.add_error("clusters", _("Tick at least one cluster, or “All clusters”."))
        return cleaned

    def preferences(self):
        """The cleaned answers in the form services.request_confirmation and apply_preferences take."""
        data = self.cleaned_data
        return {
            "language": data["language"],
            "all_clusters": data["all_clusters"],
            "clusters": [] if data["all_clusters"] else [cluster.pk for cluster in data["clusters"]],
            "topics": list(data["topics"]),
            "frequency": data["frequency"],
        }


class SubscribeForm(PartnerForm, PreferencesForm):
    """The public form: nothing in it is stored as it is until the address confirms (services.py)."""

    field_order = ["email", "language", "all_clusters", "clusters", "topics", "frequency"]

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("Never shown to anyone. We first send a link to confirm it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["topics"].required = True
        self.fields["topics"].help_text = _("Tick at least one.")
        self.fields["topics"].error_messages["required"] = _("Tick at least one kind of content to receive.")
