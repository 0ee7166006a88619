import re
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http.request import validate_host
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from clusters.models import Cluster
from core import uploads
from core.forms import PartnerForm, no_control_characters, single_line
from core.urls import fixed_address, is_slug, site_url
from members.models import Kind, Member
from solutions.models import FIRST_YEAR, LAST_YEAR, SDG_CODE, Stage, Target

from .models import SubmissionStatus


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


class ProfileForm(PartnerForm):
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

    def __init__(self, *args, current_logo=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_logo = current_logo
        self.fields["country"].choices = [("", "—"), *countries]
        self.fields["clusters"].queryset = Cluster.objects.published().active().only("pk", "name", "order")
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


MAX_RESULTS = 10
MAX_TARGETS = 20
MAX_PARTNERS = 10
LONG_TEXT = 5000
TARGET_SEPARATORS = re.compile(r"[\s,;]+")
# A profile's path, in any language: /members/keta/, /es/members/keta/, /zh-hans/members/keta
PROFILE_PATH = re.compile(r"/(?:[a-z]{2}(?:-[a-z]+)?/)?members/(?P<slug>[-a-zA-Z0-9_]+)/?")


def clean_target_codes(typed):
    """The SDG target codes in `typed` (separated by commas, semicolons or blanks), each one of the
    169, in the order given without repeats; ValidationError naming any that is not."""
    codes = list(dict.fromkeys(code for code in TARGET_SEPARATORS.split(typed.lower()) if code))
    if len(codes) > MAX_TARGETS:
        raise ValidationError(
            _("Please give at most %(count)d targets."), code="too_many", params={"count": MAX_TARGETS}
        )
    known = set(Target.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known or not SDG_CODE.match(code)]
    if unknown:
        raise ValidationError(
            _("%(codes)s: not an SDG target code. Target codes look like 11.2 or 6.a."),
            code="unknown_target",
            params={"codes": ", ".join(unknown)},
        )
    return codes


def _as_text(number):
    """A decimal as JSON keeps it exactly: as text."""
    return None if number is None else str(number)


class ResultForm(forms.Form):
    """One result as a number (solutions.SolutionResult). An untouched row is left out."""

    indicator = forms.CharField(label=_("Indicator"), max_length=200, validators=[single_line])
    baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=16, decimal_places=3)
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=3)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=60, validators=[single_line])
    year = forms.IntegerField(label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    source = forms.CharField(label=_("Source"), required=False, max_length=300, validators=[single_line])

    def payload(self):
        data = self.cleaned_data
        return {
            "indicator": data["indicator"],
            "baseline": _as_text(data["baseline"]),
            "value": _as_text(data["value"]),
            "unit": data["unit"],
            "year": data["year"],
            "source": data["source"],
        }


ResultFormSet = forms.formset_factory(
    ResultForm,
    extra=3,
    max_num=MAX_RESULTS,
    validate_max=True,
    absolute_max=MAX_RESULTS,
    can_delete=True,
    can_delete_extra=False,  # only rows sent before (in a revision) can be removed
)


def _profile_slug(value):
    """The slug in a partner as typed: a profile's address on this portal (full, or its path), or the
    slug itself. None for anything else (another host, another page, not a slug)."""
    if not value.startswith("/") and "/" in value and "://" not in value:
        value = "https://" + value  # an address copied without its scheme
    if "/" not in value:
        return value if is_slug(value) else None
    try:
        address = urlsplit(value)
        host = address.hostname
    except ValueError:  # a malformed port or IPv6 host
        return None
    if address.scheme or address.netloc:
        # Ours: the host of the site's links and the hosts it answers on (not the "*" of anything).
        ours = [urlsplit(site_url()).hostname, *(name for name in settings.ALLOWED_HOSTS if name != "*")]
        if address.scheme not in ("http", "https") or not host or not validate_host(host, ours):
            return None
    match = PROFILE_PATH.fullmatch(address.path)
    return match["slug"] if match else None


def _profile_addresses(pks, lead_pk):
    """The addresses of the profiles of the published members among `pks` (except the lead), in order."""
    members = Member.objects.published().filter(pk__in=pks).exclude(pk=lead_pk).only("pk", "slug")
    addresses = {member.pk: site_url() + member.get_absolute_url() for member in members}
    return [addresses[pk] for pk in pks if pk in addresses]


def _long_text(label, *, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=LONG_TEXT,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=help_text,
    )


class SolutionForm(PartnerForm):
    """A good practice a member's contact describes, with its results as numbers (`self.results`).

    Plain text throughout; approval turns blank-line paragraphs into the solution's paragraphs.
    """

    title = forms.CharField(
        label=_("Title"),
        min_length=5,
        max_length=200,
        validators=[single_line],
        help_text=_('What was done, in a few words, e.g. "Clean minibuses for the Volta Region".'),
    )
    summary = forms.CharField(
        label=_("Summary"),
        min_length=40,
        max_length=600,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three plain sentences, shown on cards (40 to 600 characters)."),
    )
    challenge = _long_text(_("The challenge"), required=True, help_text=_("What problem did you face?"))
    approach = _long_text(_("What was done"), required=True, help_text=_("Who did what, with which means."))
    results_text = _long_text(_("Results in words"), help_text=_("What changed; numbers go in the table below."))
    replication = _long_text(_("How others can replicate it"), help_text=_("What it takes, and what to avoid."))
    stage = forms.ChoiceField(label=_("Status"), choices=Stage.choices)
    first_year = forms.IntegerField(label=_("From (year)"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    last_year = forms.IntegerField(
        label=_("Until (year)"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Leave empty while it goes on."),
    )
    partners = forms.CharField(
        label=_("Partner members"),
        required=False,
        max_length=2000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    clusters = ClusterChoiceField(
        label=_("Clusters"),
        queryset=Cluster.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    targets = forms.CharField(
        label=_("SDG targets"),
        required=False,
        max_length=300,
        validators=[single_line],
        help_text=_(
            "The codes of the Sustainable Development Goal targets it serves, separated by commas, e.g. 11.2, 11.6."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I may speak for this organisation, and I agree that everything above may be published on the portal "
            "once a moderator approves it."
        ),
        error_messages={"required": _("Please agree to publication; we cannot publish a good practice without it.")},
    )

    def __init__(self, data=None, *args, member, results_initial=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.member = member
        self.results = ResultFormSet(data, prefix="results", initial=results_initial)
        self.fields["clusters"].queryset = Cluster.objects.published().active().only("pk", "name", "order")
        self.fields["partners"].help_text = _(
            "Other members of the portal that took part, at most %(count)d. Find each one in the member "
            "directory (%(directory)s), open its profile and copy the address of the page here: one a line, "
            "or separated by commas."
        ) % {"count": MAX_PARTNERS, "directory": site_url() + fixed_address("members:list")}

    def clean_partners(self):
        """The partners' pks, in the order given: each a published member other than this one."""
        typed = [value for value in TARGET_SEPARATORS.split(self.cleaned_data["partners"]) if value]
        slugs = {value: _profile_slug(value) for value in typed}
        chosen = list(dict.fromkeys(slug or value for value, slug in slugs.items()))
        if len(chosen) > MAX_PARTNERS:
            raise ValidationError(
                _("Please give at most %(count)d partner members."), code="too_many", params={"count": MAX_PARTNERS}
            )
        not_profiles = [value for value, slug in slugs.items() if slug is None]
        if not_profiles:
            raise ValidationError(
                _(
                    "%(values)s: not the address of a member's profile on this portal. Copy it from the member "
                    "directory."
                ),
                code="not_a_profile",
                params={"values": ", ".join(not_profiles)},
            )
        if self.member.slug in chosen:
            raise ValidationError(
                _("%(slug)s is your own profile; give only the other members that took part."),
                code="lead_member",
                params={"slug": self.member.slug},
            )
        pks = dict(Member.objects.published().filter(slug__in=chosen).values_list("slug", "pk"))
        unknown = [slug for slug in chosen if slug not in pks]
        if unknown:
            raise ValidationError(
                _("%(slugs)s: no member of the portal has this address."),
                code="unknown_partner",
                params={"slugs": ", ".join(unknown)},
            )
        return [pks[slug] for slug in chosen]

    def clean_targets(self):
        return clean_target_codes(self.cleaned_data["targets"])

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first is not None and last is not None and last < first:
            self.add_error("last_year", _("The last year cannot come before the first."))
        if not self.results.is_valid():
            for error in self.results.non_form_errors():
                self.add_error(None, error)
            if any(self.results.errors):
                self.add_error(None, _("Please correct the results as numbers."))
        return cleaned

    def payload(self):
        """What ProfileSubmission.solution keeps (JSON: numbers of the results as text)."""
        data = self.cleaned_data
        return {
            **{field: data[field] for field in ("challenge", "approach", "results_text", "replication", "stage")},
            "first_year": data["first_year"],
            "last_year": data["last_year"],
            "partners": data["partners"],
            "targets": data["targets"],
            "results": [
                row.payload()
                for row in self.results.forms
                if row.cleaned_data and row not in self.results.deleted_forms
            ],
        }

    @staticmethod
    def initial_from(submission):
        """The form's and the results' initial values from a submission sent back for changes."""
        proposal = submission.solution
        initial = {
            "title": submission.name,
            "summary": submission.description,
            **{field: proposal.get(field) for field in ("challenge", "approach", "results_text", "replication")},
            "stage": proposal.get("stage"),
            "first_year": proposal.get("first_year"),
            "last_year": proposal.get("last_year"),
            "partners": "\n".join(_profile_addresses(proposal.get("partners", []), submission.member_id)),
            "targets": ", ".join(proposal.get("targets", [])),
            "clusters": list(submission.clusters.values_list("pk", flat=True)),
        }
        return initial, list(proposal.get("results", []))


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
