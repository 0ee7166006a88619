"""The moderator's side-by-side view: what a submission proposes against the profile as it is."""

import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from exchange.models import FormatCode, Post, PostType
from members.models import Member
from solutions.models import Stage

TOKENS = re.compile(r"(\s+)")


@dataclass
class Row:
    label: str
    proposed: object
    current: object = None
    changed: bool = False
    diff: list = field(default_factory=list)  # [(op, text)], op in "equal", "delete", "insert"
    kind: str = "text"  # "text", "image", "list", "link"
    private: bool = False


def word_diff(old, new):
    """The words removed from and added to `old` to make `new`, in order; whitespace kept."""
    old_tokens, new_tokens = TOKENS.split(old or ""), TOKENS.split(new or "")
    chunks = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            chunks.append(("equal", "".join(old_tokens[i1:i2])))
            continue
        if op in ("delete", "replace"):
            chunks.append(("delete", "".join(old_tokens[i1:i2])))
        if op in ("insert", "replace"):
            chunks.append(("insert", "".join(new_tokens[j1:j2])))
    return chunks


def comparison(submission, member, current_clusters):
    """Rows for the review table.

    `member` is what the submission is compared with: the profile an update is for, or the
    earlier submission a revision answers (both have the same field names); None for a new
    profile, which is shown on its own.
    """
    proposed_clusters = [cluster.name for cluster in submission.clusters.all()]
    rows = [
        _text(_("Organisation name"), submission.name, member and member.name, member),
        _plain(_("Kind"), submission.get_kind_display(), member and member.get_kind_display(), member),
        _plain(_("Country"), submission.country.name, member and member.country.name, member),
        _text(_("Locality"), submission.locality, member and member.locality, member),
        _text(_("Description"), submission.description, member and member.description, member),
        _plain(_("Website"), submission.website, member and member.website, member, kind="link"),
    ]
    logo = Row(_("Logo"), submission.logo_preview if submission.logo else None, kind="image")
    if member is not None:
        logo.current = _preview(member)
        logo.changed = bool(submission.logo) and submission.logo.name != member.logo.name
    rows.append(logo)

    clusters = Row(_("Clusters"), proposed_clusters, kind="list")
    if member is not None:
        clusters.current = current_clusters
        clusters.changed = sorted(proposed_clusters) != sorted(current_clusters)
    rows.append(clusters)

    rows += [
        _plain(_("Contact name"), submission.contact_name, member and member.contact_name, member, private=True),
        _plain(_("Contact email"), submission.contact_email, member and member.contact_email, member, private=True),
    ]
    return rows


def solution_comparison(submission, earlier):
    """Rows for the review table of a good practice; `earlier` is the submission a revision
    answers (None otherwise), compared field by field."""
    rows = []
    for label, getter, kind in _solution_fields():
        proposed = getter(submission)
        row = Row(label, proposed, kind=kind)
        if earlier is not None:
            row.current = getter(earlier)
            row.changed = (proposed or "") != (row.current or "")
            if row.changed and kind == "text":
                row.diff = word_diff(row.current, proposed)
        rows.append(row)
    rows += [
        _plain(_("Contact name"), submission.contact_name, earlier and earlier.contact_name, earlier, private=True),
        _plain(_("Contact email"), submission.contact_email, earlier and earlier.contact_email, earlier, private=True),
    ]
    return rows


def _solution_fields():
    """(label, value of a submission, kind) for each row of a good practice."""

    def text(key):
        return lambda submission: submission.solution.get(key) or ""

    def stage(submission):
        return str(Stage(submission.solution["stage"]).label)

    def years(submission):
        first, last = submission.solution.get("first_year"), submission.solution.get("last_year")
        return f"{first}–{last}" if last else _("since %(year)s") % {"year": first}

    def partners(submission):
        pks = submission.solution.get("partners", [])
        return list(Member.objects.filter(pk__in=pks).order_by("name").values_list("name", flat=True))

    def results(submission):
        return [_result_line(row) for row in submission.solution.get("results", [])]

    return [
        (_("Title"), lambda submission: submission.name, "text"),
        (_("Summary"), lambda submission: submission.description, "text"),
        (_("The challenge"), text("challenge"), "text"),
        (_("What was done"), text("approach"), "text"),
        (_("Results in words"), text("results_text"), "text"),
        (_("How others can replicate it"), text("replication"), "text"),
        (_("Status"), stage, "plain"),
        (_("Years"), years, "plain"),
        (_("Partner members"), partners, "list"),
        (_("Clusters"), lambda submission: [cluster.name for cluster in submission.clusters.all()], "list"),
        (_("SDG targets"), lambda submission: submission.solution.get("targets", []), "list"),
        (_("Results as numbers"), results, "list"),
    ]


def post_comparison(submission, earlier):
    """Rows for the review table of an exchange post. `earlier` is the post an edit changes, or the
    submission a revision answers, or None for a new post; each row is compared with it."""
    proposed = _post_values(submission)
    current = _post_values(earlier) if earlier is not None else None
    rows = []
    for key, label, kind in _POST_ROWS:
        row = Row(label, proposed[key], kind=kind)
        if current is not None:
            row.current = current[key]
            row.changed = (row.proposed or "") != (row.current or "")
            if row.changed and kind == "text":
                row.diff = word_diff(row.current, row.proposed)
        rows.append(row)
    rows += [
        _plain(_("Contact name"), submission.contact_name, None, None, private=True),
        _plain(_("Contact email"), submission.contact_email, None, None, private=True),
    ]
    return rows


_POST_ROWS = [
    ("type", _("Type of post"), "plain"),
    ("title", _("Title"), "text"),
    ("description", _("Description"), "text"),
    ("details", _("What is sought or offered"), "text"),
    ("clusters", _("Clusters"), "list"),
    ("targets", _("SDG targets"), "list"),
    ("formats", _("Preferred formats"), "list"),
    ("languages", _("Working languages"), "list"),
    ("language", _("Language of the text"), "plain"),
]


def _post_values(source):
    """The values a review row shows, from a post submission or from a Post, in the same shapes."""
    languages = dict(settings.LANGUAGES)
    if isinstance(source, Post):
        fields = {
            "type": source.type,
            "title": source.title,
            "description": source.description,
            "details": source.details,
            "targets": list(source.targets.values_list("code", flat=True)),
            "formats": list(source.formats.values_list("code", flat=True)),
            "languages": list(source.languages.values_list("code", flat=True)),
            "language": source.language,
        }
    else:
        fields = {**source.post_fields, "title": source.name}
    formats = dict(FormatCode.choices)
    return {
        "type": str(dict(PostType.choices).get(fields.get("type"), fields.get("type") or "")),
        "title": fields.get("title") or "",
        "description": fields.get("description") or "",
        "details": fields.get("details") or "",
        "clusters": sorted(cluster.name for cluster in source.clusters.all()),
        "targets": sorted(fields.get("targets") or [], key=_code_order),
        "formats": [str(formats.get(code, code)) for code in sorted(fields.get("formats") or [])],
        "languages": [str(languages.get(code, code)) for code in sorted(fields.get("languages") or [])],
        "language": str(languages.get(fields.get("language"), fields.get("language") or "")),
    }


def _code_order(code):
    goal, _dot, target = code.partition(".")
    return (int(goal), target.zfill(2))


def _result_line(row):
    """ "Daily bus passengers: 12000 → 18500 trips (2023; City transport office)" """
    value = f"{row['value']} {row['unit']}".strip()
    if row.get("baseline") is not None:
        value = f"{row['baseline']} → {value}"
    notes = "; ".join(str(note) for note in (row.get("year"), row.get("source")) if note)
    return f"{row['indicator']}: {value}" + (f" ({notes})" if notes else "")


def _preview(obj):
    if not obj.logo:
        return None
    return getattr(obj, "logo_card", None) or obj.logo_preview


def _plain(label, proposed, current, member, kind="text", private=False):
    row = Row(label, proposed, kind=kind, private=private)
    if member is not None:
        row.current = current
        row.changed = (proposed or "") != (current or "")
    return row


def _text(label, proposed, current, member):
    row = _plain(label, proposed, current, member)
    if row.changed:
        row.diff = word_diff(current, proposed)
    return row
