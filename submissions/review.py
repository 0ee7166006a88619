"""The moderator's side-by-side view: what a submission proposes against the profile as it is."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

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
