"""Synthetic content at scale, for measuring pages and query plans with many rows.

Every generated row is marked: members, articles, events, solutions and exchange posts have slugs
starting with `gen-`,
and generated people belong to organisations from a fixed synthetic list. `--clear` deletes by
those marks only, so demo content and real edits are never touched.
"""

import datetime as dt
import random
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_countries import countries
from imagekit.models.fields.utils import ImageSpecFileDescriptor

from clusters.models import Cluster
from core import page_cache
from core.content_language import no_translations
from core.publishing import Status
from demo import placeholders
from events.models import Attendance, Event, EventKind, Person, Recording, RecordingLink, Session, Speaker
from exchange.models import ACTIVE_STATES, Format, Interest, Post, PostState, PostType, Suggestion, WorkingLanguage
from members.models import Kind, Member, Membership
from news.models import Article, Category
from solutions.models import Solution, SolutionResult, Stage, Target

PREFIX = "gen-"
# A fixed moment, so a seed gives the same rows whenever it is run. Items published after it are
# "future-dated": hidden from the public until then.
BASE_TIME = dt.datetime(2027, 1, 1, 12, 0, tzinfo=dt.UTC)
IMAGE_COUNT = 6

SYLLABLES = [
    "ka", "ma", "lo", "ri", "ta", "na", "se", "bu", "go", "vi", "da", "mu", "ze", "pa", "qui", "lan",
    "sao", "ber", "tun", "oya", "ash", "kir", "dor", "nel", "ibu", "cho", "yan", "zhu", "mar", "ele",
]  # fmt: skip
KIND_FORMS = {
    Kind.CITY: "{place} City",
    Kind.DISTRICT: "{place} District Assembly",
    Kind.REGIONAL_GOVERNMENT: "{place} Provincial Government",
    Kind.NATIONAL_AGENCY: "{place} Urban Development Agency",
    Kind.COMPANY: "{place} Mobility Systems",
    Kind.ACADEMIC: "{place} Institute of Technology",
    Kind.CIVIL_SOCIETY: "{place} Residents' Alliance",
    Kind.INTERNATIONAL: "{place} Cities Network",
}
KIND_WEIGHTS = [40, 14, 10, 8, 10, 8, 6, 4]
TOPICS = [
    "bus rapid transit", "flood resilience", "waste recycling", "air quality", "solar street lighting",
    "electric buses", "water supply", "green buildings", "climate finance", "urban heat", "cycling lanes",
    "smart metering", "informal settlements", "cable cars", "coastal protection", "district heating",
]  # fmt: skip
NEWS_FORMS = [
    "{place} pilots {topic} with cluster partners",
    "Peer exchange on {topic} between {place} and {other}",
    "{place} publishes its plan for {topic}",
    "Workshop: lessons on {topic} from {place}",
    "{other} visits {place} to study {topic}",
]
EVENT_FORMS = [
    "Webinar on {topic}",
    "{place} workshop: {topic} in practice",
    "Online exchange: {topic} in {place} and {other}",
    "Cluster meeting on {topic}",
]
SESSION_TITLES = ["Opening remarks", "Case study", "Panel discussion", "Questions and answers", "Closing"]
PARTS = ["Speaker", "Moderator", "Panellist"]
FIRST_NAMES = ["Ana", "Kwame", "Li", "Priya", "Tomás", "Amina", "Chen", "Fatima", "Jorge", "Nomsa", "Ravi", "Mei"]
LAST_NAMES = ["Silva", "Mensah", "Wang", "Sharma", "Rojas", "Okafor", "Zhang", "Haddad", "Pérez", "Dlamini"]
# Generated people work for these (fictional) organisations only; `--clear` finds them this way.
ORGANISATIONS = [
    "Synthetic Institute for Urban Futures",
    "Synthetic Cities Observatory",
    "Synthetic Transit Authority",
    "Synthetic Climate Office",
]
PEOPLE = [(f, last, org) for org in ORGANISATIONS for f in FIRST_NAMES for last in LAST_NAMES]
# Synthetic rows are English only; naming the empty translation columns keeps building them cheap.
untranslated = {model: no_translations(model) for model in (Member, Article, Event, Session, Solution, SolutionResult)}
# Exchange posts: how each type is worded, and how often each state comes up (mostly listed ones).
POST_TITLES = {
    PostType.SEEKING_EXPERTISE: "{place} seeks expertise in {topic}",
    PostType.OFFERING_EXPERTISE: "{place} shares its experience of {topic}",
    PostType.HOSTING_VISIT: "Study visit to {place}: {topic} in practice",
    PostType.TECHNOLOGY_SOUGHT: "Technology for {topic} sought by {place}",
    PostType.TECHNOLOGY_OFFERED: "A {topic} service offered by {place}",
}
POST_TYPE_WEIGHTS = [35, 25, 10, 15, 15]
POST_STATE_WEIGHTS = {
    PostState.OPEN: 70,
    PostState.IN_DISCUSSION: 10,
    PostState.PARTLY_MET: 4,
    PostState.MET: 5,
    PostState.WITHDRAWN: 3,
    PostState.EXPIRED: 8,
}
POST_DETAILS = [
    "An expert mission of one or two specialists for a week, then online advice.",
    "A study visit for a delegation of three to five officials.",
    "A series of online exchanges between the technical teams.",
    "A joint workshop, in one of the two cities or online.",
]
TIMEZONES = ["UTC", "Asia/Shanghai", "America/Sao_Paulo", "Africa/Accra", "Asia/Kolkata", "America/Bogota"]


def draw_variants(model, field, names):
    """Write the resized variants (core/images.py) of the shared images `names` in `model.field`.

    imagekit writes a variant when its source is saved; rows inserted in bulk send no save signal,
    so without this every generated logo and lead image was a broken image on the pages."""
    specs = [
        name
        for name, attr in vars(model).items()
        if isinstance(attr, ImageSpecFileDescriptor) and attr.source_field_name == field
    ]
    for image in names:
        row = model(**{field: image})
        for spec in specs:
            getattr(row, spec).generate()


class Command(BaseCommand):
    help = (
        "Generate synthetic members, news, events and good practices in bulk (slugs start with 'gen-'), to measure the "
        "portal at scale. Deterministic for a seed; --clear removes generated rows only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=0)
        parser.add_argument("--news", type=int, default=0)
        parser.add_argument("--events", type=int, default=0)
        parser.add_argument("--solutions", type=int, default=0)
        parser.add_argument("--posts", type=int, default=0, help="Exchange posts (requests and offers).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--clear", action="store_true", help="Remove generated rows first (only those).")

    def handle(
        self, *args, members, news, events, seed, batch_size, clear, verbosity=1, solutions=0, posts=0, **options
    ):
        if min(members, news, events, solutions, posts) < 0 or batch_size < 1:
            raise CommandError("Counts must be zero or more and --batch-size at least 1.")
        self.verbosity = verbosity
        self.batch_size = batch_size
        started = time.monotonic()
        if clear:
            self.clear()
        if not (members or news or events or solutions or posts):
            self.analyze()
            return
        if not Cluster.objects.exists():
            call_command("load_demo", verbosity=0)
        if (
            Member.objects.filter(slug__startswith=PREFIX).exists()
            or Article.objects.filter(slug__startswith=PREFIX).exists()
            or Solution.objects.filter(slug__startswith=PREFIX).exists()
            or Post.objects.filter(slug__startswith=PREFIX).exists()
        ):
            raise CommandError("Generated data is already there; add --clear to replace it.")
        self.rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        self.clusters = list(Cluster.objects.published().order_by("pk").values_list("pk", flat=True))
        self.categories = list(Category.objects.order_by("pk").values_list("pk", flat=True))
        self.countries = [code for code, _name in countries]
        self.country_names = dict(countries)
        self.logos, self.photos = self.images()
        member_ids = self.make_members(members)
        self.make_news(news, member_ids)
        self.make_events(events, member_ids)
        existing = member_ids or list(Member.objects.published().order_by("pk").values_list("pk", flat=True))
        self.make_solutions(solutions, existing)
        self.make_posts(posts, existing)
        self.analyze()
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {members} members, {news} news articles, {events} events, {solutions} solutions "
                    f"and {posts} exchange posts "
                    f"in {time.monotonic() - started:.1f} s."
                )
            )

    # Helpers ------------------------------------------------------------------------------

    def analyze(self):
        """Fresh planner statistics for every table this command writes (PostgreSQL). Autovacuum
        gets to a bulk-loaded table only later; until then the planner may take a table of 20,000
        members for one row and pick a nested loop that runs into the statement timeout."""
        if connection.vendor != "postgresql":
            return
        models = [Member, Membership, Article, Event, Person, Session, Speaker, Recording, RecordingLink]
        models += [Solution, SolutionResult, Post]
        through = [
            field.remote_field.through
            for model in (Article, Event, Solution, Post)
            for field in model._meta.many_to_many
        ]
        with connection.cursor() as cursor:
            for model in [*models, *through]:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def progress(self, label, done, total):
        if self.verbosity >= 1 and total:
            end = "\n" if done >= total else ""
            self.stdout.write(f"\r{label}: {done:,}/{total:,} ({100 * done // total}%)", ending=end)
            self.stdout.flush()

    def batches(self, total):
        for start in range(0, total, self.batch_size):
            yield start, min(start + self.batch_size, total)

    def images(self):
        """A handful of stored placeholder images every generated row shares."""
        logos, photos = [], []
        for k in range(IMAGE_COUNT):
            logo_name = f"members/{PREFIX}logo-{k}.png"
            if not default_storage.exists(logo_name):
                logo_name = default_storage.save(logo_name, ContentFile(placeholders.logo(f"Member {chr(65 + k)}")))
            photo_name = f"news/{PREFIX}photo-{k}.jpg"
            if not default_storage.exists(photo_name):
                photo_name = default_storage.save(photo_name, ContentFile(placeholders.photo(TOPICS[k].capitalize())))
            logos.append(logo_name)
            photos.append(photo_name)
        draw_variants(Member, "logo", logos)
        draw_variants(Article, "lead_image", photos)
        return logos, photos

    def place(self):
        rng = self.rng
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    def status_and_date(self, span_days):
        """About 90% published in the past, 5% drafts, 5% published but future-dated."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.05:
            return Status.DRAFT, BASE_TIME - dt.timedelta(minutes=rng.randrange(span_days * 1440))
        if roll < 0.10:
            return Status.PUBLISHED, BASE_TIME + dt.timedelta(minutes=rng.randrange(1, 365 * 1440))
        return Status.PUBLISHED, BASE_TIME - dt.timedelta(minutes=rng.randrange(span_days * 1440))

    # Members ------------------------------------------------------------------------------

    def make_members(self, total):
        rng = self.rng
        kinds = list(KIND_FORMS)
        ids = []
        for start, end in self.batches(total):
            rows, clusters_of = [], []
            for i in range(start, end):
                place = self.place()
                kind = rng.choices(kinds, KIND_WEIGHTS)[0]
                country = rng.choice(self.countries)
                status, published_at = self.status_and_date(8 * 365)
                has_point = rng.random() < 0.8
                name = KIND_FORMS[kind].format(place=place)
                rows.append(
                    Member(
                        **untranslated[Member],
                        name=name,
                        slug=f"{PREFIX}m{i}-{place.lower()}",
                        kind=kind,
                        country=country,
                        locality=f"{place}, {self.country_names[country]}",
                        description=(
                            f"{name} works with cluster partners on {rng.choice(TOPICS)} "
                            f"and {rng.choice(TOPICS)}.\n\nSynthetic profile number {i}."
                        ),
                        logo=rng.choice(self.logos) if rng.random() < 0.7 else "",
                        website=f"https://{place.lower()}.example.org/",
                        population=rng.randrange(20_000, 20_000_000) if kind == Kind.CITY else None,
                        population_year=rng.randrange(2010, 2025) if kind == Kind.CITY else None,
                        latitude=round(rng.uniform(-45, 45), 6) if has_point else None,
                        longitude=round(rng.uniform(-120, 150), 6) if has_point else None,
                        status=status,
                        published_at=published_at,
                    )
                )
                clusters_of.append(rng.sample(self.clusters, k=min(len(self.clusters), rng.choice((1, 1, 2, 3)))))
            with transaction.atomic():
                created = Member.objects.bulk_create(rows)
                Membership.objects.bulk_create(
                    Membership(
                        member_id=member.pk,
                        cluster_id=cluster_id,
                        is_featured=rng.random() < 0.02,
                        order=order,
                        joined_on=(member.published_at - dt.timedelta(days=rng.randrange(0, 90))).date(),
                    )
                    for member, cluster_ids in zip(created, clusters_of, strict=True)
                    for order, cluster_id in enumerate(cluster_ids)
                )
            ids.extend(member.pk for member in created)
            self.progress("members", end, total)
        return ids

    # News ---------------------------------------------------------------------------------

    def make_news(self, total, member_ids):
        rng = self.rng
        ClusterLink = Article.clusters.through
        CategoryLink = Article.categories.through
        MemberLink = Article.related_members.through
        for start, end in self.batches(total):
            rows, links = [], []
            for i in range(start, end):
                place, other, topic = self.place(), self.place(), rng.choice(TOPICS)
                title = rng.choice(NEWS_FORMS).format(place=place, other=other, topic=topic)
                status, published_at = self.status_and_date(10 * 365)
                paragraphs = "".join(
                    f"<p>{place} and {other} compared notes on {rng.choice(TOPICS)}: what it cost, who paid, "
                    f"and what {rng.randrange(2, 40)} months of operation taught them about {topic}.</p>"
                    for _ in range(rng.randint(2, 5))
                )
                has_image = rng.random() < 0.6
                rows.append(
                    Article(
                        **untranslated[Article],
                        title=title[:250],
                        slug=f"{PREFIX}n{i}",
                        summary=f"How {place} approaches {topic}, and what partners in the cluster learned from it.",
                        body=paragraphs,
                        lead_image=rng.choice(self.photos) if has_image else "",
                        lead_image_caption=f"{topic.capitalize()} in {place}." if has_image else "",
                        status=status,
                        published_at=published_at,
                    )
                )
                links.append(
                    (
                        rng.sample(self.clusters, k=min(len(self.clusters), rng.choice((0, 1, 1, 1, 2)))),
                        rng.sample(self.categories, k=min(len(self.categories), rng.choice((1, 1, 2)))),
                        rng.sample(member_ids, k=min(len(member_ids), rng.choice((0, 0, 1, 2)))),
                    )
                )
            with transaction.atomic():
                created = Article.objects.bulk_create(rows)
                pairs = list(zip(created, links, strict=True))
                ClusterLink.objects.bulk_create(
                    ClusterLink(article_id=a.pk, cluster_id=c) for a, (cs, _, _) in pairs for c in cs
                )
                CategoryLink.objects.bulk_create(
                    CategoryLink(article_id=a.pk, category_id=c) for a, (_, cs, _) in pairs for c in cs
                )
                MemberLink.objects.bulk_create(
                    MemberLink(article_id=a.pk, member_id=m) for a, (_, _, ms) in pairs for m in ms
                )
            self.progress("news", end, total)

    # Events -------------------------------------------------------------------------------

    def people(self):
        """The pool of synthetic speakers, created once and shared by every generated event."""
        Person.objects.bulk_create(
            [
                Person(honorific="", name=f"{first} {last}", organisation=org, role="Programme lead")
                for first, last, org in PEOPLE
            ],
            ignore_conflicts=True,
        )
        return list(Person.objects.filter(organisation__in=ORGANISATIONS).order_by("pk").values_list("pk", flat=True))

    def make_events(self, total, member_ids):
        if not total:
            return
        rng = self.rng
        people = self.people()
        kinds = list(EventKind.values)
        ClusterLink = Event.clusters.through
        HostLink = Event.hosts.through
        for start, end in self.batches(total):
            rows, extras = [], []
            for i in range(start, end):
                place, other, topic = self.place(), self.place(), rng.choice(TOPICS)
                # Spread over eight years before the base time and one after: some upcoming, most past.
                starts_at = BASE_TIME - dt.timedelta(minutes=rng.randrange(-365 * 1440, 8 * 365 * 1440))
                starts_at = starts_at.replace(minute=0, second=0)
                ends_at = starts_at + dt.timedelta(hours=rng.choice((1, 2, 3, 8, 30)))
                status = Status.DRAFT if rng.random() < 0.05 else Status.PUBLISHED
                future = rng.random() < 0.05
                attendance = rng.choice(Attendance.values)
                country = rng.choice(self.countries) if attendance != Attendance.ONLINE else ""
                rows.append(
                    Event(
                        **untranslated[Event],
                        title=rng.choice(EVENT_FORMS).format(place=place, other=other, topic=topic)[:250],
                        slug=f"{PREFIX}e{i}",
                        kind=rng.choice(kinds),
                        starts_at=starts_at,
                        ends_at=ends_at,
                        timezone=rng.choice(TIMEZONES),
                        attendance=attendance,
                        venue=f"{place} Civic Centre" if country else "",
                        locality=place if country else "",
                        country=country,
                        online_url="https://meet.example.org/" + place.lower() if attendance != "in_person" else "",
                        summary=f"Cluster partners share what they learned about {topic}.",
                        description=f"<p>{place} hosts partners from {other} to discuss {topic}.</p>",
                        objectives=f"<ul><li>Compare approaches to {topic}</li><li>Agree next steps</li></ul>",
                        organisers=f"{place} Municipality",
                        status=status,
                        published_at=(BASE_TIME + dt.timedelta(days=30))
                        if future
                        else starts_at - dt.timedelta(days=14),
                    )
                )
                extras.append(
                    (
                        rng.sample(self.clusters, k=min(len(self.clusters), rng.choice((1, 1, 2)))),
                        rng.sample(member_ids, k=min(len(member_ids), rng.choice((0, 1, 2)))),
                        rng.randint(2, 4),
                        rng.random() < 0.2,
                    )
                )
            with transaction.atomic():
                created = Event.objects.bulk_create(rows)
                pairs = list(zip(created, extras, strict=True))
                ClusterLink.objects.bulk_create(
                    ClusterLink(event_id=e.pk, cluster_id=c) for e, (cs, _, _, _) in pairs for c in cs
                )
                HostLink.objects.bulk_create(
                    HostLink(event_id=e.pk, member_id=m) for e, (_, ms, _, _) in pairs for m in ms
                )
                sessions = Session.objects.bulk_create(
                    Session(
                        event_id=e.pk,
                        order=n,
                        title=SESSION_TITLES[n % len(SESSION_TITLES)],
                        details="",
                        **untranslated[Session],
                    )
                    for e, (_, _, count, _) in pairs
                    for n in range(1, count + 1)
                )
                Speaker.objects.bulk_create(
                    Speaker(session_id=s.pk, person_id=p, part=rng.choice(PARTS), order=slot)
                    for s in sessions
                    for slot, p in enumerate(rng.sample(people, k=rng.randint(1, 3)))
                )
                recordings = Recording.objects.bulk_create(
                    Recording(event_id=e.pk, title=f"Recording: {e.title}"[:250], order=0)
                    for e, (_, _, _, recorded) in pairs
                    if recorded
                )
                RecordingLink.objects.bulk_create(
                    RecordingLink(
                        recording_id=r.pk, platform="youtube", url="https://www.youtube.com/results?search_query=cities"
                    )
                    for r in recordings
                )
            self.progress("events", end, total)

    # Clearing -----------------------------------------------------------------------------

    # Good practices ---------------------------------------------------------------------------

    def make_solutions(self, total, member_ids):
        """Solutions led by generated (or, without any, published) members, each with a partner or
        two, one or two clusters, one to four SDG targets and up to three results rows."""
        if not total:
            return
        if not member_ids:
            raise CommandError("Solutions need members: add --members or load the demo data.")
        rng = self.rng
        targets = list(Target.objects.order_by("code").values_list("code", flat=True))
        links = {name: field.remote_field.through for name, field in ((f.name, f) for f in Solution._meta.many_to_many)}
        for start, end in self.batches(total):
            rows, relations = [], []
            for i in range(start, end):
                place, topic = self.place(), rng.choice(TOPICS)
                status, published_at = self.status_and_date(6 * 365)
                first_year = rng.randrange(2012, 2025)
                stage = rng.choice(Stage.values)
                rows.append(
                    Solution(
                        **untranslated[Solution],
                        title=f"{topic.capitalize()} in {place}"[:200],
                        slug=f"{PREFIX}s{i}-{place.lower()}",
                        summary=f"How {place} tackled {topic}, what it cost and what partners can reuse.",
                        challenge=f"<p>{place} needed a better answer to {topic}.</p>",
                        approach=f"<p>A pilot over {rng.randrange(6, 48)} months with {rng.choice(TOPICS)}.</p>",
                        results_text="<p>Results are summarised in the table.</p>",
                        replication=f"<p>Start small, with {rng.choice(TOPICS)}.</p>",
                        stage=stage,
                        first_year=first_year,
                        last_year=first_year + rng.randrange(0, 4) if stage == Stage.COMPLETED else None,
                        lead_member_id=rng.choice(member_ids),
                        extra_countries=[rng.choice(self.countries)] if rng.random() < 0.1 else [],
                        status=status,
                        published_at=published_at,
                    )
                )
                relations.append(
                    (
                        rng.sample(member_ids, k=min(len(member_ids), rng.choice((0, 1, 1, 2)))),
                        rng.sample(self.clusters, k=min(len(self.clusters), rng.choice((1, 1, 2)))),
                        rng.sample(targets, k=rng.choice((1, 2, 3, 4))),
                        rng.choice((0, 0, 1, 2, 3)),
                    )
                )
            with transaction.atomic():
                created = Solution.objects.bulk_create(rows)
                pairs = list(zip(created, relations, strict=True))
                links["partners"].objects.bulk_create(
                    links["partners"](solution_id=s.pk, member_id=m) for s, (ms, _, _, _) in pairs for m in ms
                )
                links["clusters"].objects.bulk_create(
                    links["clusters"](solution_id=s.pk, cluster_id=c) for s, (_, cs, _, _) in pairs for c in cs
                )
                links["targets"].objects.bulk_create(
                    links["targets"](solution_id=s.pk, target_id=t) for s, (_, _, ts, _) in pairs for t in ts
                )
                SolutionResult.objects.bulk_create(
                    SolutionResult(
                        **untranslated[SolutionResult],
                        solution_id=s.pk,
                        indicator=f"Indicator {n + 1}",
                        baseline=rng.randrange(0, 1000),
                        value=rng.randrange(0, 2000),
                        unit="units",
                        year=s.first_year + 1,
                        source="Synthetic",
                        order=n,
                    )
                    for s, (_, _, _, results) in pairs
                    for n in range(results)
                )
            self.progress("solutions", end, total)

    # Exchange posts ---------------------------------------------------------------------------

    def make_posts(self, total, member_ids):
        """Requests and offers by generated (or, without any, published) members, each with one or two
        clusters, one to three SDG targets, formats and working languages. Most are listed; expiry
        dates count from today, so a listed post stays listed for a while after the run."""
        if not total:
            return
        if not member_ids:
            raise CommandError("Posts need members: add --members or load the demo data.")
        rng = self.rng
        today = timezone.localdate()
        targets = list(Target.objects.order_by("code").values_list("code", flat=True))
        formats = list(Format.objects.order_by("code").values_list("code", flat=True))
        languages = list(WorkingLanguage.objects.order_by("code").values_list("code", flat=True))
        types, states = list(POST_TITLES), list(POST_STATE_WEIGHTS)
        for start, end in self.batches(total):
            rows, relations = [], []
            for i in range(start, end):
                place, topic, other = self.place(), rng.choice(TOPICS), rng.choice(TOPICS)
                kind = rng.choices(types, POST_TYPE_WEIGHTS)[0]
                state = rng.choices(states, list(POST_STATE_WEIGHTS.values()))[0]
                status, published_at = self.status_and_date(2 * 365)
                if state == PostState.EXPIRED:
                    expires_on = today - dt.timedelta(days=rng.randrange(1, 365))
                else:
                    expires_on = today + dt.timedelta(days=rng.randrange(0 if state in ACTIVE_STATES else -200, 183))
                seeking = kind in (PostType.SEEKING_EXPERTISE, PostType.TECHNOLOGY_SOUGHT)
                rows.append(
                    Post(
                        member_id=rng.choice(member_ids),
                        type=kind,
                        title=POST_TITLES[kind].format(place=place, topic=topic)[:200],
                        slug=f"{PREFIX}p{i}-{place.lower()}",
                        description=(
                            (
                                f"{place} is working on {topic} and wants to learn from a city that has done it: "
                                f"what it cost, who ran it and what they would change."
                                if seeking
                                else f"{place} has {rng.randrange(2, 15)} years of experience with {topic} and "
                                f"offers it to partner cities starting out."
                            )
                            + f"\n\nThe work also touches on {other}. Synthetic post number {i}."
                        ),
                        details=rng.choice(POST_DETAILS),
                        language="en" if rng.random() < 0.7 else rng.choice(languages),
                        state=state,
                        expires_on=expires_on,
                        outcome=f"A visit to {self.place()} and a joint plan for {topic}." if state == "met" else "",
                        status=status,
                        published_at=published_at,
                    )
                )
                relations.append(
                    (
                        rng.sample(self.clusters, k=min(len(self.clusters), rng.choice((1, 1, 1, 2)))),
                        rng.sample(targets, k=rng.choice((1, 2, 2, 3))),
                        rng.sample(formats, k=rng.choice((1, 1, 2, 3))),
                        rng.sample(languages, k=rng.choice((1, 1, 2, 3))),
                    )
                )
            with transaction.atomic():
                created = Post.objects.bulk_create(rows)
                pairs = list(zip(created, relations, strict=True))
                for n, name in enumerate(("clusters", "targets", "formats", "languages")):
                    field = Post._meta.get_field(name)
                    through, column = field.remote_field.through, f"{field.m2m_reverse_field_name()}_id"
                    through.objects.bulk_create(
                        through(post_id=post.pk, **{column: value}) for post, related in pairs for value in related[n]
                    )
            self.progress("exchange posts", end, total)

    def clear(self):
        """Delete generated rows only, children first, in plain DELETE statements."""
        with transaction.atomic():
            solutions = Solution.objects.filter(slug__startswith=PREFIX)
            members = Member.objects.filter(slug__startswith=PREFIX)
            posts = Post.objects.filter(Q(slug__startswith=PREFIX) | Q(member__in=members))
            events = Event.objects.filter(slug__startswith=PREFIX)
            sessions = Session.objects.filter(event__in=events)
            recordings = Recording.objects.filter(event__in=events)
            articles = Article.objects.filter(slug__startswith=PREFIX)
            deleted = {}
            suggestions = Suggestion.objects.filter(
                Q(post__in=posts) | Q(other_post__in=posts) | Q(solution__in=solutions) | Q(member__in=members)
            )
            Member._meta.get_field("submissions").related_model.objects.filter(post__in=posts).update(post=None)
            Interest.objects.filter(from_member__in=members).update(from_member=None)
            steps = [
                ("suggested matches", suggestions),
                ("expressions of interest", Interest.objects.filter(post__in=posts)),
                *(
                    (f"post {field.name}", field.remote_field.through.objects.filter(post__in=posts))
                    for field in Post._meta.many_to_many
                ),
                ("post history", Post.history.filter(id__in=posts.values("pk"))),
                ("exchange posts", posts),
                *(
                    (f"solution {field.name}", field.remote_field.through.objects.filter(solution__in=solutions))
                    for field in Solution._meta.many_to_many
                ),
                ("solution results", SolutionResult.objects.filter(solution__in=solutions)),
                ("solution links", Solution.links.rel.related_model.objects.filter(solution__in=solutions)),
                ("solutions", solutions),
                ("speakers", Speaker.objects.filter(session__in=sessions)),
                ("recording links", RecordingLink.objects.filter(recording__in=recordings)),
                ("recordings", recordings),
                ("sessions", sessions),
                ("event clusters", Event.clusters.through.objects.filter(event__in=events)),
                ("event hosts", Event.hosts.through.objects.filter(event__in=events)),
                ("event hosts", Event.hosts.through.objects.filter(member__in=members)),
                ("events", events),
                ("article clusters", Article.clusters.through.objects.filter(article__in=articles)),
                ("article categories", Article.categories.through.objects.filter(article__in=articles)),
                ("article members", Article.related_members.through.objects.filter(article__in=articles)),
                ("article members", Article.related_members.through.objects.filter(member__in=members)),
                ("articles", articles),
                ("memberships", Membership.objects.filter(member__in=members)),
            ]
            for label, queryset in steps:
                deleted[label] = deleted.get(label, 0) + queryset._raw_delete(queryset.db)
            # Anything else pointing at a generated member (a submission, an edit link) goes the
            # ordinary way, with its own on_delete rules; then the members themselves.
            Member._meta.get_field("submissions").related_model.objects.filter(member__in=members).update(member=None)
            Member._meta.get_field("edit_links").related_model.objects.filter(member__in=members).delete()
            deleted["members"] = members._raw_delete(members.db)
            people = Person.objects.filter(organisation__in=ORGANISATIONS, speaker_slots__isnull=True)
            deleted["people"] = Person.objects.filter(pk__in=list(people.values_list("pk", flat=True))).delete()[0]
            page_cache.content_changed()  # _raw_delete, the fast way to delete 100,000 rows, sends no signals
        if self.verbosity:
            summary = ", ".join(f"{count:,} {label}" for label, count in deleted.items() if count) or "nothing"
            self.stdout.write(f"Removed generated data: {summary}.")
