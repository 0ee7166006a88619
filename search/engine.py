"""Site search over published clusters, members, news, events, good practices, exchange posts and pages.

PostgreSQL: full-text search on each model's `search_vector` (kept current by a trigger, see
migrations/0001_postgres_search.py) with the `portal_search` configuration — accents removed,
English stemming — and, on a page in another language, OR-ed with the same query through that
language's configuration (`portal_search_es`…, migrations/0004_per_language_stemming.py) —
websearch syntax (`"exact phrase"`, `or`, `-word`), prefix matching on the last
word, `ts_rank` ordering (title > summary > body) and `ts_headline` snippets.

SQLite (the embedded default): every word must appear, accent- and case-insensitively, in one of
a few fields; a title hit counts more than a summary hit, which counts more than a body hit.

The member directory and the API filter with `filter_members()`, `filter_articles()` and
`filter_events()`, so every `q` on the site means the same thing.

Translated text (docs/languages.md): on PostgreSQL each `search_vector` holds
every language of a field (search/migrations/0002_translated_search.py), translations also stemmed
in their own language (0004); on SQLite the active
language's column is searched beside the English one. Titles and snippets are taken from the
active language's text, or the English text where there is no translation.
"""

import contextlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.postgres.search import CombinedSearchQuery, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import Contains
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from core.aggregates import remember
from core.content_language import SOURCE_LANGUAGE, column, every_column, translated_fields
from events.models import Event
from exchange.models import Post
from members.models import Member
from news.models import Article
from pages.models import Page
from solutions.models import Solution

CONFIG = "portal_search"  # created by migrations/0001_postgres_search.py
# A translation's own configuration, by column suffix: migrations/0004_per_language_stemming.py.
LANGUAGE_CONFIGS = {language: f"portal_search_{language}" for language in ("ar", "zh_hans", "fr", "ru", "es", "pt")}
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
MAX_RANKED = 1000  # per type; see SiteSearch
RECENT_WINDOW = 20_000  # rows searched first for the most recent matches; see SiteSearch._score_postgres
START, STOP = "\x02", "\x03"  # highlight markers, turned into <mark> after escaping

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"[^\W_]+")
_LAST_WORD = re.compile(r"(?:^|\s)([^\W_]+)$")
_TAG = re.compile(r"<[^>]*>")
_TERM = re.compile(r'(-?)("[^"]*"|\S+)')  # a word or a quoted phrase, `-` when left out


@dataclass(frozen=True)
class Document:
    """Which fields of a model are searched, and how much each counts."""

    type: str
    label: str
    plural: str
    model: type
    title: str
    summary: tuple[str, ...]
    body: tuple[str, ...]
    rich: frozenset[str] = field(default_factory=frozenset)  # fields holding HTML
    recency: tuple[str, ...] = ("-published_at", "-pk")
    # What a result shows besides its title and snippet (templates/search/search.html): on PostgreSQL,
    # where the database writes both, a hit reads only these columns, not every field in 7 languages.
    shown: tuple[str, ...] = ("slug", "published_at")


DOCUMENTS = {
    "clusters": Document(
        "clusters",
        _("Cluster"),
        _("Clusters"),
        Cluster,
        "name",
        ("short_name", "intro"),
        ("description",),
        frozenset({"description"}),
        shown=("slug",),
    ),
    "members": Document(
        "members",
        _("Member"),
        _("Members"),
        Member,
        "name",
        ("locality",),
        ("description",),
        shown=("slug", "kind", "locality"),
    ),
    "news": Document("news", _("News"), _("News"), Article, "title", ("summary",), ("body",), frozenset({"body"})),
    "events": Document(
        "events",
        _("Event"),
        _("Events"),
        Event,
        "title",
        ("summary", "organisers", "locality"),
        ("description", "report"),
        frozenset({"description", "report"}),
        ("-starts_at", "-pk"),
        shown=("slug", "kind", "starts_at", "timezone"),
    ),
    "solutions": Document(
        "solutions",
        _("Good practice"),
        _("Good practices"),
        Solution,
        "title",
        ("summary",),
        ("challenge", "approach", "results_text", "replication"),
        frozenset({"challenge", "approach", "results_text", "replication"}),
    ),
    # Every published post, open or closed: a closed one keeps its page, which says so.
    "exchange": Document(
        "exchange",
        _("Exchange post"),
        _("Exchange posts"),
        Post,
        "title",
        ("description",),
        ("details",),
        shown=("slug", "published_at", "type", "state", "expires_on"),
    ),
    "pages": Document("pages", _("Page"), _("Pages"), Page, "title", ("summary",), ("body",), frozenset({"body"})),
}
TYPE_BY_MODEL = {document.model: document for document in DOCUMENTS.values()}


def clean_query(raw):
    """The query as searched: printable, single-spaced, NFC, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", raw or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def fold(text):
    """Lower case without accents: "São Paulo" -> "sao paulo"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def fold_words(text):
    """What the SQLite fallback compares: folded words between single spaces, " sao paulo brazil "."""
    if text is None:
        return None
    return f" {' '.join(_WORD.findall(fold(text)))} "


def fold_html_words(text):
    if text is None:
        return None
    return fold_words(html.unescape(_TAG.sub(" ", text)))


def register_sqlite_functions(sender, connection, **kwargs):
    """Make the folding functions available to SQL on SQLite connections (connected in SearchConfig.ready)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_fold", 1, fold_words, deterministic=True)
        connection.connection.create_function("portal_fold_html", 1, fold_html_words, deterministic=True)


def _is_postgres():
    return connection.vendor == "postgresql"


def _language():
    language = get_language() or SOURCE_LANGUAGE
    return None if language == SOURCE_LANGUAGE else language


def _columns(document, name):
    """The columns searched for a field: the English text, and the active language's translation."""
    language = _language()
    if language and name in translated_fields(document.model):
        return (name, column(name, language))
    return (name,)


# --- PostgreSQL --------------------------------------------------------------------------------


def _config():
    """The configuration of the active language's translations, None in English."""
    language = _language()
    return LANGUAGE_CONFIGS.get(language.replace("-", "_")) if language else None


def _tsquery_in(q, config):
    """websearch_to_tsquery of the query, with the last word also matching as a prefix."""
    last = _LAST_WORD.search(q)
    if q.count('"') % 2 == 0 and last and len(last.group(1)) > 1:
        rest = q[: last.start(1)].rstrip()
        # The word holds letters and digits only; quoted, to_tsquery never sees an operator in it.
        prefix = SearchQuery(f"'{last.group(1)}':*", search_type="raw", config=config)
        if not rest:
            return prefix
        rest_words = rest.split()
        if rest_words[-1].lower() == "or" and len(rest_words) > 1:
            return SearchQuery(" ".join(rest_words[:-1]), search_type="websearch", config=config) | prefix
        return SearchQuery(rest, search_type="websearch", config=config) & prefix
    return SearchQuery(q, search_type="websearch", config=config)


class _Either(CombinedSearchQuery):
    """`first || second`, or `second` alone when both read the same.

    The other language's configuration often parses a query exactly as `portal_search` does (names,
    English words), and a GIN index looks each branch of an OR up on its own: `Medellin cable` read
    in Spanish took 14 ms in the index against 7 ms read once, in both steps of the recent window.
    Both queries are constants, so PostgreSQL folds the CASE while planning, and the index sees one
    tsquery either way."""

    def __init__(self, first, second):
        super().__init__(first, self.BITOR, second, None)

    def as_sql(self, compiler, connection):
        first, first_params = compiler.compile(self.lhs)
        second, second_params = compiler.compile(self.rhs)
        sql = f"(CASE WHEN {first} = {second} THEN {second} ELSE ({first}) || ({second}) END)"
        return sql, (*first_params, *second_params, *second_params, *first_params, *second_params)


def _tsquery(q):
    """The query through `portal_search`, OR-ed in another language with the same query through that
    language's configuration (search/migrations/0004_per_language_stemming.py).

    A word left out (`-word`) is left out in both: otherwise English text holding it would still
    be found through the other language's branch, where the word stems differently."""
    query = _tsquery_in(q, CONFIG)
    config = _config()
    if config is None:
        return query
    query = _Either(_tsquery_in(q, config), query)
    excluded = [term.lstrip("-") for minus, term in _TERM.findall(q) if minus and term.strip('"-')]
    if q.count('"') % 2 == 0 and excluded:
        excluded = " or ".join(excluded)
        for each in (config, CONFIG):
            query &= ~SearchQuery(excluded, search_type="websearch", config=each)
    return query


_HEADLINE_OPTIONS = {}  # a handful of constant option sets


def _headline_options(connection, options):
    text = _HEADLINE_OPTIONS.get(options)
    if text is None:
        text = ", ".join(connection.ops.compose_sql(f"{option}=%s", [value]) for option, value in options)
        _HEADLINE_OPTIONS[options] = text
    return text


FIELD_SEPARATOR = "·"  # between the fields a snippet is drawn from

# ts_headline's options for a hit's title and its snippet.
HEADLINES = {
    "title_marked": (("StartSel", START), ("StopSel", STOP), ("HighlightAll", True)),
    "snippet_marked": (
        ("StartSel", START),
        ("StopSel", STOP),
        ("MaxWords", 30),
        ("MinWords", 12),
        ("MaxFragments", 2),
        ("FragmentDelimiter", " … "),
    ),
}


def _hits_statement(document, pks, tsquery):
    """(SQL, params) reading the hits of one type: the columns a result shows (Document.shown, in every
    language), and its title and snippet highlighted by ts_headline. A field is shown in the active
    language, or in English where it has no translation, and highlighted in the configuration of
    the language shown. Written as SQL, like the ranking statement: composed with the ORM (annotated
    with Django's SearchHeadline in a Case), it took 1 ms of Python per type on the page."""
    tsquery, tsquery_params = tsquery
    quote = connection.ops.quote_name
    fields = document.model._meta
    table = quote(fields.db_table)
    language, config = _language(), _config()
    translated = translated_fields(document.model)

    def column_of(name):
        return f"{table}.{quote(fields.get_field(name).column)}"

    def shown(name):
        if language and name in translated:
            return f"COALESCE(NULLIF({column_of(column(name, language))}, ''), {column_of(name)})"
        return column_of(name)

    def headline(names, options):
        # Fields apart, so a snippet does not run one into the next ("Chile · Chile's ministry…").
        parts = ", ".join(f"NULLIF({shown(name)}, '')" for name in names)
        text = f"CONCAT_WS(' {FIELD_SEPARATOR} ', {parts})" if len(names) > 1 else shown(names[0])
        options = _headline_options(connection, options)

        def read_in(configuration):
            return f"ts_headline(%s::regconfig, {text}, {tsquery}, %s)", [configuration, *tsquery_params, options]

        local = [name for name in names if name in translated]
        if config is None or not local:
            return read_in(CONFIG)
        (in_language, language_params), (in_english, english_params) = read_in(config), read_in(CONFIG)
        has_translation = " OR ".join(f"{column_of(column(name, language))} > ''" for name in local)
        sql = f"CASE WHEN {has_translation} THEN {in_language} ELSE {in_english} END"
        return sql, [*language_params, *english_params]

    pk = quote(fields.pk.column)
    columns = [f"{table}.{pk}"]
    for name in document.shown:
        columns += [column_of(each) for each in (every_column(name) if name in translated else (name,))]
    params = []
    for alias, names in (("title_marked", (document.title,)), ("snippet_marked", (*document.summary, *document.body))):
        sql, headline_params = headline(names, HEADLINES[alias])
        columns.append(f"{sql} AS {alias}")
        params += headline_params
    return f"SELECT {', '.join(columns)} FROM {table} WHERE {table}.{pk} = ANY(%s)", [*params, list(pks)]  # noqa: S608


# --- SQLite ------------------------------------------------------------------------------------


STOP_WORDS = frozenset(
    ["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "the", "to", "with"]
)


def _groups(q):
    """The SQLite fallback's reading of websearch syntax: groups joined by `or`, each a list of
    (phrase, negated); words and phrases folded, stop words dropped."""
    groups, current = [], []
    for negated, phrase, word in re.findall(r'(-?)(?:"([^"]*)"|(\S+))', q):
        if not phrase and word.lower() == "or":
            if current:
                groups.append(current)
            current = []
            continue
        text = " ".join(_WORD.findall(fold(phrase or word)))
        if not text or (not phrase and text in STOP_WORDS):
            continue
        current.append((text, bool(negated)))
    if current:
        groups.append(current)
    # A group of only negated terms would match nearly everything; drop it.
    return [group[:MAX_WORDS] for group in groups if any(not negated for _text, negated in group)][:MAX_WORDS]


def _wanted(q):
    return [text for group in _groups(q) for text, negated in group if not negated]


def _folded(document, name, column_name):
    function = "portal_fold_html" if name in document.rich else "portal_fold"
    return Func(F(column_name), function=function, output_field=TextField())


def _contains_word(document, name, text):
    # Folded text is " word word word ": " sao" matches words starting with "sao", like "sao" and
    # "saopaulo"; a single letter matches only itself, as on PostgreSQL. A translated field is
    # searched in English and in the active language.
    pattern = f" {text} " if len(text) == 1 else f" {text}"
    found = Q()
    for column_name in _columns(document, name):
        found |= Contains(_folded(document, name, column_name), pattern)
    return found


def _sqlite_condition(document, q):
    groups = _groups(q)
    if not groups:
        return None
    names = (document.title, *document.summary, *document.body)

    def anywhere(text):
        condition = Q()
        for name in names:
            condition |= _contains_word(document, name, text)
        return condition

    either = Q()
    for group in groups:
        every = Q()
        for text, negated in group:
            every &= ~anywhere(text) if negated else anywhere(text)
        either |= every
    return either


def _sqlite_rank(document, q):
    score = Value(0.0)
    for text in _wanted(q):
        for weight, names in ((1.0, (document.title,)), (0.4, document.summary), (0.2, document.body)):
            for name in names:
                score += Case(When(_contains_word(document, name, text), then=Value(weight)), default=Value(0.0))
    return Cast(score, FloatField())


def _snippet(text, q, *, length=220):
    """A window of plain text around the first hit, hits wrapped in START/STOP (SQLite fallback)."""
    words = {word for phrase in _wanted(q) for word in phrase.split()}
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in fold(char):
            folded.append(piece)
            origin.append(index)
    folded = "".join(folded)
    hits = []
    for word in words:
        hits += [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(word)}", folded)]
    hits.sort()
    if not hits:
        return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"
    first = origin[hits[0][0]]
    start = max(0, first - length // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + length)
    pieces, cursor = [], start
    for hit_start, hit_end in hits:
        a, b = origin[hit_start], origin[hit_end - 1] + 1
        if a < cursor or b > end:
            continue
        pieces += [text[cursor:a], START, text[a:b], STOP]
        cursor = b
    pieces.append(text[cursor:end])
    return ("…" if start else "") + "".join(pieces) + ("…" if end < len(text) else "")


def _plain(document, obj, names):
    parts = []
    for name in names:
        value = getattr(obj, name) or ""
        value = html.unescape(_TAG.sub(" ", value)) if name in document.rich else value
        parts.append(" ".join(value.split()))
    return f" {FIELD_SEPARATOR} ".join(part for part in parts if part)


# --- Public interface --------------------------------------------------------------------------


def filter_queryset(queryset, q, *, order_by_rank=False):
    """Keep the rows of `queryset` (members, articles or events) that match `q`.

    A blank query keeps everything. With `order_by_rank`, the best matches come first (annotated
    `search_rank`); without it the queryset's own order is kept, and nothing is annotated, so the
    result can still be counted by facets (`values("country").annotate(Count("pk"))`).
    """
    q = clean_query(q)
    if not q:
        return queryset
    document = TYPE_BY_MODEL[queryset.model]
    if _is_postgres():
        query = _tsquery(q)
        queryset = queryset.filter(search_vector=query)
        if order_by_rank:
            queryset = queryset.annotate(search_rank=SearchRank(F("search_vector"), query)).order_by(
                "-search_rank", "pk"
            )
        return queryset
    condition = _sqlite_condition(document, q)
    if condition is None:
        return queryset.none()
    queryset = queryset.filter(condition)
    if order_by_rank:
        queryset = queryset.annotate(search_rank=_sqlite_rank(document, q)).order_by("-search_rank", "pk")
    return queryset


def filter_members(queryset, q, *, order_by_rank=False):
    """The member directory's `q`: `filter_members(Member.objects.for_directory(), request.GET.get("q"))`."""
    return filter_queryset(queryset, q, order_by_rank=order_by_rank)


def filter_articles(queryset, q, *, order_by_rank=False):
    return filter_queryset(queryset, q, order_by_rank=order_by_rank)


def filter_events(queryset, q, *, order_by_rank=False):
    return filter_queryset(queryset, q, order_by_rank=order_by_rank)


def highlight(text):
    """Escape text from the database and turn the START/STOP markers into <mark> elements."""
    escaped = escape(text or "")
    marked = re.sub(f"{START}(.*?){STOP}", r"<mark>\1</mark>", escaped, flags=re.DOTALL)
    return mark_safe(marked.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


@dataclass
class Hit:
    type: str
    label: str
    object: object
    title: str
    snippet: str
    rank: float


def _published(document):
    return document.model.objects.published().order_by()


def _recent_cutoff(document, field):
    """The `field` value (publication or start date) of the RECENT_WINDOW-th most recent published
    row, or None when there are no more rows than that (the window would be the whole table)."""
    return (
        _published(document)
        .order_by(f"-{field}")
        .values_list(field, flat=True)[RECENT_WINDOW - 1 : RECENT_WINDOW]
        .first()
    )


def _recent_cutoffs():
    """{type: its recent window's cutoff (`_recent_cutoff`)}, remembered per content generation."""
    return {type_: _recent_cutoff(document, document.recency[0].lstrip("-")) for type_, document in DOCUMENTS.items()}


@contextlib.contextmanager
def _planned_each_time(connection):
    """Statements run here are never prepared. A prepared statement is planned once for any values
    (after five runs with a plan for each): for the ranking statement PostgreSQL then no longer
    knows which words are rare nor that both readings of a query are the same (_Either), and its
    generic plan took 34 ms of the server's time per search instead of 11."""
    raw = connection.connection
    threshold = raw.prepare_threshold
    raw.prepare_threshold = None
    try:
        yield
    finally:
        raw.prepare_threshold = threshold


def _compiled(expression):
    """(SQL, params) of a query expression such as a tsquery, for a statement written by hand."""
    query = Article.objects.none().query
    return query.get_compiler(connection=connection).compile(expression.resolve_expression(query))


def _ranking_statement(tsquery, cutoffs):
    """(SQL, params) of SiteSearch._score_postgres's statement: (type's index, pk, rank) rows, each
    type's most recent first. Names come from the models, values go as parameters."""
    tsquery, tsquery_params = tsquery
    quote = connection.ops.quote_name
    ctes, selects, params, select_params = [], [], [], []
    for index, (type_, document) in enumerate(DOCUMENTS.items()):
        fields = document.model._meta
        table, pk = quote(fields.db_table), quote(fields.pk.column)
        sort = quote(fields.get_field(document.recency[0].lstrip("-")).column)
        published, published_params = document.model.objects.published_sql(connection)
        matching = (
            f"SELECT {pk} AS id, {sort} AS sort FROM {table} "  # noqa: S608
            f"WHERE {published} AND search_vector @@ {tsquery}"
        )
        matching_params = (*published_params, *tsquery_params)
        limit = f"{pk} DESC LIMIT {MAX_RANKED + 1}"
        found = f"found_{index}"
        if cutoffs.get(type_) is None:  # no more rows than the window: search them all
            ctes.append(f"{found} AS ({matching} ORDER BY {sort} DESC, {limit})")
            params += matching_params
        else:
            recent = f"recent_{index}"
            ctes += [
                f"{recent} AS MATERIALIZED ({matching} AND {sort} >= %s ORDER BY {sort} DESC, {limit})",
                f"{found} AS (SELECT id, sort FROM {recent} WHERE (SELECT count(*) FROM {recent}) > {MAX_RANKED} "  # noqa: S608
                f"UNION ALL SELECT id, sort FROM ({matching} ORDER BY ({sort} + interval '0') DESC, {limit}) AS whole "
                f"WHERE (SELECT count(*) FROM {recent}) <= {MAX_RANKED})",
            ]
            params += [*matching_params, cutoffs[type_], *matching_params]
        selects.append(
            f"SELECT {index} AS type, found.id, ts_rank(row.search_vector, {tsquery}) AS rank, found.sort "  # noqa: S608
            f"FROM {found} AS found JOIN {table} AS row ON row.{pk} = found.id"
        )
        select_params += tsquery_params
    sql = f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)} ORDER BY type, sort DESC, id DESC"
    return sql, [*params, *select_params]  # in the order of the placeholders: the CTEs come first


class _RankedHits:
    """What the Paginator pages through: the search's ranked (type, pk, rank) rows, as Hits."""

    def __init__(self, search, types):
        self.search = search
        self.types = types

    def count(self):
        return sum(self.search.shown(type_) for type_ in self.types)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("ranked hits are only sliced")
        return self.search.hits(self.search.ranked_rows(self.types)[index])


class SiteSearch:
    """One search across published members, news and events.

    Ranking has to score every match, which is slow when a word is in most of 100,000 articles. So
    per type only the MAX_RANKED most recent matches are scored and counted, in one statement on
    PostgreSQL and one query per type on SQLite: below that (every search on the portal's real data
    for years) results are exact; above it the page says "more than" and ranks the most recent
    MAX_RANKED matches, which for news is what a reader wants. The page's objects and snippets then
    take one query per type on the page.
    """

    def __init__(self, q):
        self.q = clean_query(q)
        self.postgres = _is_postgres()
        self.query = _tsquery(self.q) if self.postgres and self.q else None
        self._scored = None

    def matching(self, type_):
        document = DOCUMENTS[type_]
        queryset = _published(document)
        if not self.q:
            return queryset.none()
        if self.postgres:
            return queryset.filter(search_vector=self.query)
        condition = _sqlite_condition(document, self.q)
        return queryset.none() if condition is None else queryset.filter(condition)

    def scored(self, type_):
        """(pk, rank) of the MAX_RANKED + 1 most recent matches, most recent first (SQLite: a query
        per type, on first need; PostgreSQL: every type at once)."""
        if self._scored is None:
            self._scored = self._score_postgres() if self.postgres else {}
        if type_ not in self._scored:
            document = DOCUMENTS[type_]
            # Pick the candidates first (a subquery) and score only them: ranking every match before
            # keeping the most recent ones would score all of them.
            candidates = self.matching(type_).order_by(*document.recency).values("pk")[: MAX_RANKED + 1]
            self._scored[type_] = list(
                document.model.objects.filter(pk__in=candidates)
                .order_by(*document.recency)
                .annotate(rank=_sqlite_rank(document, self.q))
                .values_list("pk", "rank")
            )
        return self._scored[type_]

    @cached_property
    def _compiled_query(self):
        """(SQL, params) of the tsquery, compiled once per search for its statements."""
        return _compiled(self.query)

    def _score_postgres(self):
        """{type: [(pk, rank), …]} of every type, from one statement written here.

        Per type, the MAX_RANKED + 1 most recent matches are picked, then scored. A common word matches
        tens of thousands of rows, and finding the most recent of them means reading every one from the
        table (20,000 matches: about 19,000 pages, 55–120 ms), since the full-text index knows nothing
        of dates. So the newest RECENT_WINDOW published rows are searched first, where the date index
        and the full-text index together name the few pages to read. When they hold more than
        MAX_RANKED matches, those are the most recent matches overall, since every row outside the
        window is older; otherwise the whole table is searched, which is cheap for a word that rare,
        sorted by the date plus nothing so that PostgreSQL finds the matches through the full-text
        index instead of walking the date index until it has seen enough (42 ms against 15 for
        `climate -finance` read in Spanish). The window's matches are a CTE, and each branch of the
        UNION runs only if the window's count calls for it (a one-time filter), so a search costs one
        statement whatever it finds.

        Written as SQL, not composed with the ORM: the ORM compiled the three types' six subqueries
        and three outer queries on every search, 5 ms of Python for one statement's worth of work.
        """
        if not self.q:
            return {type_: [] for type_ in DOCUMENTS}
        sql, params = _ranking_statement(self._compiled_query, remember("search.recent-windows", _recent_cutoffs))
        scored = {type_: [] for type_ in DOCUMENTS}
        types = list(DOCUMENTS)
        with connection.cursor() as cursor, _planned_each_time(connection):
            cursor.execute(sql, params)
            for index, pk, rank, _sort in cursor.fetchall():
                scored[types[index]].append((pk, rank))
        return scored

    @property
    def counts(self):
        """Matches per type, counted up to MAX_RANKED + 1 (more than MAX_RANKED means "capped")."""
        return {type_: len(self.scored(type_)) for type_ in DOCUMENTS}

    @property
    def capped(self):
        return any(count > MAX_RANKED for count in self.counts.values())

    def shown(self, type_):
        return min(len(self.scored(type_)), MAX_RANKED)

    @property
    def total(self):
        return sum(self.shown(type_) for type_ in DOCUMENTS)

    def ranked_rows(self, types):
        """(type, pk, rank) of the given types, best first; equal ranks most recent first."""
        rows = [
            (-rank, position, type_, pk)
            for type_ in types
            for position, (pk, rank) in enumerate(self.scored(type_)[:MAX_RANKED])
        ]
        rows.sort()
        return [(type_, pk, -negative_rank) for negative_rank, _position, type_, pk in rows]

    def hits(self, rows):
        """The page's objects, in rank order, with highlighted titles and snippets."""
        wanted = {}
        for type_, pk, _rank in rows:
            wanted.setdefault(type_, []).append(pk)
        found = {}
        for type_, pks in wanted.items():
            document = DOCUMENTS[type_]
            # Unordered: the hits are put in rank order below.
            if self.postgres:
                queryset = document.model.objects.raw(*_hits_statement(document, pks, self._compiled_query))
            else:
                queryset = document.model.objects.filter(pk__in=pks).order_by()
            for obj in queryset:
                found[type_, obj.pk] = obj
        hits = []
        for type_, pk, rank in rows:
            obj = found.get((type_, pk))
            if obj is None:  # unpublished between the two queries
                continue
            document = DOCUMENTS[type_]
            if self.postgres:
                title, snippet = obj.title_marked, obj.snippet_marked
            else:
                title = _snippet(getattr(obj, document.title), self.q, length=10_000)
                snippet = _snippet(_plain(document, obj, (*document.summary, *document.body)), self.q)
            hits.append(Hit(type_, document.label, obj, highlight(title), highlight(snippet), rank))
        return hits

    def ranked(self, types=None):
        """A sliceable, countable sequence of Hits, best first, for a Paginator."""
        return _RankedHits(self, [type_ for type_ in DOCUMENTS if not types or type_ in types])
