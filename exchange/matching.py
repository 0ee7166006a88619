"""Suggested matches: for an open post, complementary posts, solutions and members, with reasons.

`compute(post)` runs in a task (tasks.compute_suggestions), never in a page request. For each kind
of candidate it works in a few set-based queries, whatever the number of rows:

1. the pre-filter, in SQL: the eligible candidates sharing a cluster, an SDG goal or the post's
   region, read from the link tables (candidate id, cluster) and (candidate id, target) and the
   candidates' countries, each one query;
2. a first score in Python from those rows, keeping the best few hundred (SHORTLIST);
3. one query for the shortlist's text (and, on PostgreSQL, `ts_rank` of each candidate's
   `search_vector` against an OR of the post's significant words) and one for the working
   languages of candidate posts;
4. the final score, the best TOP_PER_KIND of each kind kept.

Complementary means a request meets offers and an offer meets requests; a candidate is never the
post's own member, nor anything of it. The post's undecided suggestions are replaced; those staff
introduced or dismissed stay, and their candidates are not suggested again.

Reasons are stored as structured JSON (Suggestion.reasons) and put into words in the reader's
language by `describe()`: "both Waste; both SDG 11.6; the offer mentions composting".
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from clusters.models import Cluster
from members.models import Member, Membership
from solutions.models import Solution

from . import regions
from .models import OFFERS, REQUESTS, MissingContact, Post, Suggestion, SuggestionStatus

WEIGHTS = {"cluster": 3.0, "target": 2.0, "goal": 1.0, "words": 4.0, "language": 1.0, "region": 1.0}
TOP_PER_KIND = 10
SHORTLIST = 300
MAX_WORDS = 30
MIN_WORD_LENGTH = 4
MAX_REASON_WORDS = 3
SEARCH_CONFIG = "portal_search"  # search/migrations/0001_postgres_search.py
WORD = re.compile(r"\w+", re.UNICODE)
# Frequent English words that say nothing about a subject (the text search configuration drops
# its own stop words on PostgreSQL; these keep the reasons and the SQLite fallback meaningful),
# with the exchange's own words for how to work together (expert mission, study visit) and the words
# every member's profile uses (council, pilot, sustainable).
STOP_WORDS = frozenset(
    """
    about above after again also among another because been before being below between both city
    cities could does doing done during each from have having here into itself just like made make
    many more most much must need needs offer offers only other over partner partners same seek
    seeking should some such than that their them then there these they this those through under
    until very want were what when where which while will with within would your year years
    district expert experts expertise mission missions study visit visits workshop online exchange
    council government municipal local national region regional public project projects plan plans
    pilot pilots sustainable looking runs review share shares help support
    """.split()  # noqa: SIM905 (a list of 100 words reads better as text)
)


@dataclass(frozen=True)
class Kind:
    """How one kind of candidate is found and stored."""

    key: str  # the Suggestion field naming it
    model: type
    cluster_link: tuple  # (through model, its candidate column)
    target_link: tuple | None
    country: str  # lookup from the candidate to its country
    member: str  # lookup from the candidate to its member ("pk" for a member)
    text: tuple  # fields read for the words it shares with the post

    def eligible(self, post):
        if self.model is Post:
            complement = OFFERS if post.type in REQUESTS else REQUESTS
            queryset = Post.objects.listed().filter(type__in=[str(kind) for kind in complement])
            return queryset.exclude(pk=post.pk).exclude(member_id=post.member_id).order_by()
        if self.model is Solution:
            return Solution.objects.published().exclude(lead_member_id=post.member_id).order_by()
        return Member.objects.published().exclude(pk=post.member_id).order_by()


KINDS = (
    Kind(
        "other_post",
        Post,
        (Post.clusters.through, "post_id"),
        (Post.targets.through, "post_id"),
        "member__country",
        "member_id",
        ("title", "description", "details"),
    ),
    Kind(
        "solution",
        Solution,
        (Solution.clusters.through, "solution_id"),
        (Solution.targets.through, "solution_id"),
        "lead_member__country",
        "lead_member_id",
        ("title", "summary", "challenge", "approach"),
    ),
    Kind("member", Member, (Membership, "member_id"), None, "country", "pk", ("name", "summary", "description")),
)


def significant_words(*texts):
    """The post's words that say what it is about: the most frequent ones of four letters or more,
    numbers and common words left out, in lower case."""
    counts = Counter()
    first = {}
    for text in texts:
        for word in WORD.findall((text or "").lower()):
            if len(word) < MIN_WORD_LENGTH or word.isdigit() or word in STOP_WORDS or "_" in word:
                continue
            counts[word] += 1
            first.setdefault(word, len(first))
    return sorted(counts, key=lambda word: (-counts[word], first[word]))[:MAX_WORDS]


def _mentioned(words, text):
    """The post's words found in a candidate's text (a word or its start: "compost" in "composting")."""
    found = set(WORD.findall((text or "").lower()))
    stems = {word[:6] for word in found if len(word) >= 6}
    return [word for word in words if word in found or (len(word) >= 6 and word[:6] in stems)]


def _goal(code):
    return int(str(code).split(".")[0])


@dataclass
class _Features:
    clusters: set
    targets: set
    goals: set
    languages: set
    region: str | None
    words: list


def _features(post):
    targets = set(post.targets.values_list("code", flat=True))
    return _Features(
        clusters=set(post.clusters.values_list("pk", flat=True)),
        targets=targets,
        goals={_goal(code) for code in targets},
        languages=set(post.languages.values_list("code", flat=True)),
        region=regions.region_of(post.member.country),
        words=significant_words(post.title, post.description, post.details),
    )


def _candidates(kind, post, features, excluded):
    """[(pk, score, reasons)] of the best candidates of one kind, best first."""
    eligible = kind.eligible(post)
    ids = eligible.values("pk")
    through, column = kind.cluster_link
    shared = defaultdict(lambda: {"clusters": set(), "targets": set(), "goals": set(), "region": False})
    if features.clusters:
        rows = through.objects.filter(cluster_id__in=features.clusters, **{f"{column}__in": ids})
        for pk, cluster_id in rows.values_list(column, "cluster_id"):
            shared[pk]["clusters"].add(cluster_id)
    if features.goals and kind.target_link:
        through, column = kind.target_link
        rows = through.objects.filter(target__goal__in=features.goals, **{f"{column}__in": ids})
        for pk, code in rows.values_list(column, "target_id"):
            shared[pk]["goals"].add(_goal(code))
            if code in features.targets:
                shared[pk]["targets"].add(code)
    if features.region:
        countries = regions.countries_in(features.region)
        for pk in eligible.filter(**{f"{kind.country}__in": countries}).values_list("pk", flat=True):
            shared[pk]["region"] = True
    for pk in excluded:
        shared.pop(pk, None)
    if not shared:
        return []

    def first_score(item):
        found = item[1]
        return (
            WEIGHTS["cluster"] * len(found["clusters"])
            + WEIGHTS["target"] * len(found["targets"])
            + WEIGHTS["goal"] * len(found["goals"] - {_goal(code) for code in found["targets"]})
            + WEIGHTS["region"] * found["region"]
        )

    shortlist = dict(sorted(shared.items(), key=lambda item: (-first_score(item), -item[0]))[:SHORTLIST])
    rows = eligible.filter(pk__in=list(shortlist)).values("pk", *kind.text)
    if connection.vendor == "postgresql" and features.words:
        query = SearchQuery(" | ".join(features.words), search_type="raw", config=SEARCH_CONFIG)
        rows = rows.annotate(rank=SearchRank(F("search_vector"), query))
    languages = defaultdict(set)
    if kind.model is Post and features.languages:
        through = Post.languages.through
        for pk, code in through.objects.filter(
            post_id__in=list(shortlist), workinglanguage_id__in=features.languages
        ).values_list("post_id", "workinglanguage_id"):
            languages[pk].add(code)

    scored = []
    for row in rows:
        pk, found = row["pk"], shortlist[row["pk"]]
        mentioned = _mentioned(features.words, " ".join(str(row[name] or "") for name in kind.text))
        if "rank" in row:
            rank = row["rank"] or 0.0
            similarity = rank / (rank + 0.1)
        else:
            similarity = min(1.0, len(mentioned) / max(1, min(len(features.words), 8)))
        score = first_score((pk, found)) + WEIGHTS["words"] * similarity + WEIGHTS["language"] * bool(languages[pk])
        scored.append((pk, round(score, 4), _reasons(kind, found, mentioned, languages[pk], features, row)))
    scored.sort(key=lambda item: (-item[1], -item[0]))
    return scored[:TOP_PER_KIND]


def _reasons(kind, found, mentioned, languages, features, row):
    reasons = []
    if found["clusters"]:
        reasons.append({"kind": "cluster", "ids": sorted(found["clusters"])})
    if found["targets"]:
        reasons.append({"kind": "target", "values": sorted(found["targets"], key=_target_order)})
    goals_alone = found["goals"] - {_goal(code) for code in found["targets"]}
    if goals_alone:
        reasons.append({"kind": "goal", "values": sorted(goals_alone)})
    if mentioned:
        reasons.append({"kind": "words", "subject": _subject(kind), "values": mentioned[:MAX_REASON_WORDS]})
    if languages:
        reasons.append({"kind": "language", "values": sorted(languages)})
    if found["region"]:
        reasons.append({"kind": "region", "values": [features.region]})
    return reasons


def _target_order(code):
    goal, _dot, rest = str(code).partition(".")
    return (int(goal), rest.zfill(3) if rest.isdigit() else f"~{rest}")


def _subject(kind):
    if kind.model is Solution:
        return "solution"
    if kind.model is Member:
        return "member"
    return "candidate-post"


def compute(post):
    """Replace the post's undecided suggestions with freshly ranked ones; returns them.

    A post that is not listed (a draft, closed or expired) loses its undecided suggestions."""
    post = Post.objects.select_related("member").get(pk=post.pk)
    if not post.is_listed:
        with transaction.atomic():
            Suggestion.objects.filter(post=post, status=SuggestionStatus.SUGGESTED).delete()
        return []
    features = _features(post)
    decided = Suggestion.objects.filter(post=post).exclude(status=SuggestionStatus.SUGGESTED)
    decided = list(decided.values_list("other_post_id", "solution_id", "member_id"))
    # A pair of posts staff decided from the other side is not suggested again from this one.
    mirrored = Suggestion.objects.filter(other_post=post).exclude(status=SuggestionStatus.SUGGESTED)
    decided += [(pk, None, None) for pk in mirrored.values_list("post_id", flat=True)]
    now = timezone.now()
    suggestions = []
    for index, kind in enumerate(KINDS):
        excluded = {row[index] for row in decided if row[index] is not None}
        for pk, score, reasons in _candidates(kind, post, features, excluded):
            suggestions.append(
                Suggestion(post=post, score=score, reasons=reasons, computed_at=now, **{f"{kind.key}_id": pk})
            )
    suggestions.sort(key=lambda suggestion: -suggestion.score)
    with transaction.atomic():
        Suggestion.objects.filter(post=post, status=SuggestionStatus.SUGGESTED).delete()
        Suggestion.objects.bulk_create(suggestions)
        Post.objects.filter(pk=post.pk).update(matched_at=now)
    return suggestions


# --- Reasons in words ----------------------------------------------------------------------------


def cluster_names(suggestions):
    """{cluster pk: Cluster} for every cluster the suggestions' reasons name, in one query."""
    ids = {pk for suggestion in suggestions for reason in suggestion.reasons or [] for pk in reason.get("ids", [])}
    return Cluster.objects.only("pk", "name", "short_name").in_bulk(ids) if ids else {}


def _language_name(code):
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _subject_phrase(subject, post):
    if subject == "solution":
        return _("the good practice mentions %(words)s")
    if subject == "member":
        return _("the member's profile mentions %(words)s")
    # The candidate post is the complement of `post`: an offer for a request, a request for an offer.
    if post is not None and post.type in REQUESTS:
        return _("the offer mentions %(words)s")
    return _("the request mentions %(words)s")


def describe(suggestion, clusters=None):
    """The suggestion's reasons in the active language, as a list of short phrases.

    `clusters` ({pk: Cluster}, see cluster_names) saves a query per suggestion in a list."""
    if clusters is None:
        clusters = cluster_names([suggestion])
    phrases = []
    for reason in suggestion.reasons or []:
        kind, values = reason.get("kind"), reason.get("values", [])
        if kind == "cluster":
            names = [
                str(clusters[pk].short_name or clusters[pk].name) for pk in reason.get("ids", []) if pk in clusters
            ]
            if names:
                phrases.append(_("both %(names)s") % {"names": ", ".join(names)})
        elif kind == "target":
            phrases.append(_("both SDG %(targets)s") % {"targets": ", ".join(map(str, values))})
        elif kind == "goal":
            phrases.append(_("both Goal %(goals)s") % {"goals": ", ".join(map(str, values))})
        elif kind == "words":
            post = suggestion.post if suggestion.post_id else None
            phrases.append(_subject_phrase(reason.get("subject"), post) % {"words": ", ".join(values)})
        elif kind == "language":
            phrases.append(_("both work in %(languages)s") % {"languages": ", ".join(map(_language_name, values))})
        elif kind == "region":
            phrases.append(_("both in %(region)s") % {"region": ", ".join(str(regions.label(v)) for v in values)})
    return phrases


# --- Staff decisions -----------------------------------------------------------------------------


class AlreadyDecided(Exception):
    """Another member of staff decided this suggestion first; nothing was changed."""


def _decide(suggestion, status, user):
    """Record a decision once; for a pair of posts, the other side's row takes the same one."""
    decision = {"status": status, "decided_by": user, "decided_at": timezone.now()}
    changed = Suggestion.objects.filter(pk=suggestion.pk, status=SuggestionStatus.SUGGESTED).update(**decision)
    if not changed:
        raise AlreadyDecided
    if suggestion.other_post_id:
        Suggestion.objects.filter(
            post_id=suggestion.other_post_id, other_post_id=suggestion.post_id, status=SuggestionStatus.SUGGESTED
        ).update(**decision)
    return Suggestion.objects.select_related(
        "post__member", "other_post__member", "solution__lead_member", "member"
    ).get(pk=suggestion.pk)


def introduce(suggestion, *, user, note=""):
    """Introduce the two parties: each receives the other's contact details and why (after commit).
    Refused (MissingContact, nothing decided) while either member has no contact address."""
    from . import emails

    for member in (suggestion.post.member, emails.suggestion_member(suggestion)):
        if not member.contact_email:
            raise MissingContact(member)
    with transaction.atomic():
        suggestion = _decide(suggestion, SuggestionStatus.INTRODUCED, user)
        emails.introduction(suggestion, note=note.strip())
    return suggestion


def dismiss(suggestion, *, user):
    with transaction.atomic():
        return _decide(suggestion, SuggestionStatus.DISMISSED, user)
