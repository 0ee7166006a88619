import datetime as dt
import urllib.parse
import zoneinfo

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from clusters.models import Cluster
from core.content_language import column
from core.publishing import Status
from demo import content, placeholders
from events.models import Event, Person, Recording, RecordingLink, Session, Speaker
from exchange import matching
from exchange.models import ACTIVE_STATES, Format, Interest, Post, WorkingLanguage
from members.models import Member, Membership
from news.models import Article, Category
from pages.models import Page
from solutions.models import Solution, Target
from submissions.models import ProfileSubmission, SubmissionType
from subscriptions import digests
from subscriptions.models import Digest, DigestStatus, Reminder, Subscriber

PUBLISHED_SINCE = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


class Command(BaseCommand):
    help = (
        "Load the demo clusters, members, news, events, pages, good practices and exchange posts. Only what is "
        "missing is created: "
        "running it again changes nothing, and edits made since are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be created, then roll back.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has clusters (what `make run` uses, to load the demo once).",
        )

    def handle(self, *args, dry_run=False, if_empty=False, verbosity=1, **options):
        self.verbosity = verbosity
        if if_empty and Cluster.objects.exists():
            if verbosity:
                self.stdout.write("The database already has content; demo data not loaded.")
            return
        self.created = {}
        # The demo text is English, the source language; its translations go in their own columns.
        with transaction.atomic(), translation.override("en"):
            clusters = self.load_clusters()
            members = self.load_members(clusters)
            self.load_articles(clusters, members)
            self.load_events(clusters, members)
            self.load_submissions(clusters, members)
            self.load_pages()
            self.load_solutions(clusters, members)
            self.load_exchange(clusters, members)
            self.load_subscribers(clusters)
            if dry_run:
                transaction.set_rollback(True)
        summary = ", ".join(f"{count} {name}" for name, count in self.created.items() if count) or "nothing"
        prefix = "Would create" if dry_run else "Created"
        self.stdout.write(self.style.SUCCESS(f"{prefix}: {summary}."))

    def count(self, name, created):
        self.created[name] = self.created.get(name, 0) + int(created)
        if created and self.verbosity >= 2:
            self.stdout.write(f"  + {name}")

    def load_clusters(self):
        clusters = {}
        for data in content.CLUSTERS:
            data = dict(data)
            slug = data.pop("slug")
            cluster, created = Cluster.objects.get_or_create(
                slug=slug, defaults={**data, "status": Status.PUBLISHED, "published_at": PUBLISHED_SINCE}
            )
            if created:
                cluster.hero_image.save(
                    f"{slug}.jpg", ContentFile(placeholders.photo(cluster.name, colour=cluster.colour_hex)), save=True
                )
                for order, (value, labels) in enumerate(content.cluster_figures(slug)):
                    columns = {column("label", language): label for language, label in labels.items()}
                    cluster.figures.create(order=order, value=value, **columns)
            self.count("clusters", created)
            self.fill_translations(cluster, content.CLUSTER_TRANSLATIONS.get(slug, {}))
            clusters[slug] = cluster
        return clusters

    def fill_translations(self, obj, translations):
        """Set the translations `obj` still lacks; those already there (an editor's) are kept."""
        changed = []
        for language, fields in translations.items():
            for field, text in fields.items():
                name = column(field, language)
                if not getattr(obj, name):
                    setattr(obj, name, text)
                    changed.append(name)
        if changed:
            obj.save(update_fields=changed)
        self.count("translations", len(changed))

    def load_solutions(self, clusters, members):
        targets = {target.code: target for target in Target.objects.all()}
        for data in content.SOLUTIONS:
            data = dict(data)
            slug = data.pop("slug")
            relations = {name: data.pop(name) for name in ("partners", "clusters", "targets", "articles", "events")}
            results = data.pop("results")
            data["lead_member"] = members[data["lead_member"]]
            data["published_at"] = dt.datetime.fromisoformat(data["published_at"])
            solution, created = Solution.objects.get_or_create(slug=slug, defaults={**data, "status": Status.PUBLISHED})
            if created:
                solution.partners.set(members[s] for s in relations["partners"])
                solution.clusters.set(clusters[s] for s in relations["clusters"])
                solution.targets.set(targets[code] for code in relations["targets"])
                solution.related_articles.set(Article.objects.filter(slug__in=relations["articles"]))
                solution.related_events.set(Event.objects.filter(slug__in=relations["events"]))
                for order, result in enumerate(results):
                    solution.results.create(order=order, **result)
            self.count("solutions", created)
            self.fill_translations(solution, content.SOLUTION_TRANSLATIONS.get(slug, {}))

    def load_exchange(self, clusters, members):
        """Requests and offers, then the suggested matches of the open ones (computed here, not in the
        task queue, so the demo shows them at once), and a couple of expressions of interest."""
        today = timezone.localdate()
        now = dt.datetime.now(dt.UTC)
        targets = {target.code: target for target in Target.objects.all()}
        created_posts = []
        for data in content.EXCHANGE_POSTS:
            data = dict(data)
            slug = data.pop("slug")
            relations = {name: data.pop(name) for name in ("clusters", "targets", "formats", "languages")}
            data["member"] = members[data["member"]]
            data["published_at"] = now - dt.timedelta(days=data.pop("days_ago"))
            data["expires_on"] = today + dt.timedelta(days=data.pop("expires_in"))
            post, created = Post.objects.get_or_create(slug=slug, defaults={**data, "status": Status.PUBLISHED})
            if created:
                post.clusters.set(clusters[s] for s in relations["clusters"])
                post.targets.set(targets[code] for code in relations["targets"])
                post.formats.set(Format.objects.filter(code__in=relations["formats"]))
                post.languages.set(WorkingLanguage.objects.filter(code__in=relations["languages"]))
                created_posts.append(post)
            self.count("exchange posts", created)
        for post in created_posts:
            if post.state in ACTIVE_STATES:
                self.count("suggested matches", len(matching.compute(post) or []))
        for data in content.EXCHANGE_INTERESTS:
            data = dict(data)
            received_at = now - dt.timedelta(days=data.pop("days_ago"))
            data["post"] = Post.objects.get(slug=data["post"])
            if data["status"] != "received":
                data["reviewed_at"] = received_at + dt.timedelta(days=1)
            interest, created = Interest.objects.get_or_create(form_token=data.pop("form_token"), defaults=data)
            if created:  # created_at is set on creation (auto_now_add); the queue shows how long each has waited
                Interest.objects.filter(pk=interest.pk).update(created_at=received_at)
            self.count("expressions of interest", created)

    def load_subscribers(self, clusters):
        """Confirmed subscribers with a reminder of a past webinar (sent, as were its recordings) and
        the digest of the period that has just ended, so `send_digests` right after sends nothing."""
        now = timezone.now()
        for data in content.SUBSCRIBERS:
            data = dict(data)
            slugs, events = data.pop("clusters"), data.pop("reminders")
            confirmed_at = now - dt.timedelta(days=data.pop("days_ago"))
            period = digests.period_ended(data["frequency"], now)
            subscriber, created = Subscriber.objects.get_or_create(
                email=data.pop("email"), defaults={**data, "confirmed_at": confirmed_at, "digest_since": period.ends_at}
            )
            self.count("subscribers", created)
            if not created:
                continue
            Subscriber.objects.filter(pk=subscriber.pk).update(created_at=confirmed_at)
            subscriber.clusters.set(clusters[slug] for slug in slugs)
            for event in Event.objects.filter(slug__in=events):
                Reminder.objects.create(
                    subscriber=subscriber,
                    event=event,
                    reminded_at=event.starts_at - dt.timedelta(hours=20),
                    recordings_sent_at=event.ends_at + dt.timedelta(days=3) if event.recordings.exists() else None,
                )
            Digest.objects.create(
                subscriber=subscriber,
                period=period.key,
                starts_at=period.starts_at,
                ends_at=period.ends_at,
                status=DigestStatus.SENT,
                sent_at=period.ends_at + dt.timedelta(hours=1),
            )

    def load_pages(self):
        for data in content.PAGES:
            data = dict(data)
            slug = data.pop("slug")
            page, created = Page.objects.get_or_create(
                slug=slug, defaults={**data, "status": Status.PUBLISHED, "published_at": PUBLISHED_SINCE}
            )
            self.count("pages", created)
            self.fill_translations(page, content.PAGE_TRANSLATIONS.get(slug, {}))

    def load_members(self, clusters):
        members = {}
        for data in content.MEMBERS:
            data = dict(data)
            slug = data.pop("slug")
            cluster_slugs = data.pop("clusters")
            member, created = Member.objects.get_or_create(
                slug=slug, defaults={**data, "status": Status.PUBLISHED, "published_at": PUBLISHED_SINCE}
            )
            if created:
                member.logo.save(f"{slug}.png", ContentFile(placeholders.logo(member.name)), save=True)
                for order, (cluster_slug, featured) in enumerate(cluster_slugs):
                    Membership.objects.create(
                        cluster=clusters[cluster_slug],
                        member=member,
                        is_featured=featured,
                        order=order,
                        joined_on=dt.date(2021, 1, 1),
                    )
            self.count("members", created)
            members[slug] = member
        return members

    def load_articles(self, clusters, members):
        categories = {}
        for order, (slug, name) in enumerate(content.CATEGORIES):
            categories[slug], created = Category.objects.get_or_create(
                slug=slug, defaults={"name": name, "order": order}
            )
            self.count("categories", created)
            self.fill_translations(categories[slug], content.CATEGORY_TRANSLATIONS.get(slug, {}))
        for data in content.ARTICLES:
            data = dict(data)
            slug = data.pop("slug")
            cluster_slugs = data.pop("clusters")
            category_slugs = data.pop("categories")
            member_slugs = data.pop("related_members")
            data["published_at"] = dt.datetime.fromisoformat(data["published_at"])
            article, created = Article.objects.get_or_create(slug=slug, defaults={**data, "status": Status.PUBLISHED})
            if created:
                article.lead_image.save(f"{slug[:60]}.jpg", ContentFile(placeholders.photo(article.title)), save=True)
                article.clusters.set(clusters[s] for s in cluster_slugs)
                article.categories.set(categories[s] for s in category_slugs)
                article.related_members.set(members[s] for s in member_slugs)
            self.count("news articles", created)

    def load_events(self, clusters, members):
        for data in content.EVENTS:
            data = dict(data)
            slug = data.pop("slug")
            cluster_slugs = data.pop("clusters")
            host_slugs = data.pop("hosts")
            sessions = data.pop("sessions", [])
            recordings = data.pop("recordings", [])
            tz = zoneinfo.ZoneInfo(data["timezone"])
            for key in ("starts_at", "ends_at"):
                data[key] = dt.datetime.fromisoformat(data[key]).replace(tzinfo=tz)
            event, created = Event.objects.get_or_create(
                slug=slug,
                defaults={**data, "status": Status.PUBLISHED, "published_at": data["starts_at"] - dt.timedelta(days=7)},
            )
            self.count("events", created)
            if not created:
                continue
            event.clusters.set(clusters[s] for s in cluster_slugs)
            event.hosts.set(members[s] for s in host_slugs)
            for order, session_data in enumerate(sessions, start=1):
                session = Session.objects.create(
                    event=event, order=order, title=session_data["title"], details=session_data.get("details", "")
                )
                for slot, (part, (honorific, name, role, organisation)) in enumerate(session_data.get("speakers", [])):
                    person, person_created = Person.objects.get_or_create(
                        name=name, organisation=organisation, defaults={"honorific": honorific, "role": role}
                    )
                    self.count("people", person_created)
                    Speaker.objects.create(session=session, person=person, part=part, order=slot)
            for order, recording_data in enumerate(recordings):
                recording = Recording.objects.create(event=event, title=recording_data["title"], order=order)
                query = urllib.parse.quote_plus(event.title)
                for platform in recording_data["links"]:
                    RecordingLink.objects.create(
                        recording=recording,
                        platform=platform,
                        url=content.PLATFORM_SEARCH[platform].format(query=query),
                    )

    def load_submissions(self, clusters, members):
        """Partner submissions waiting for review, as if sent through /submit/ some days ago."""
        for data in content.SUBMISSIONS:
            data = dict(data)
            submitted_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=data.pop("days_ago"))
            cluster_slugs = data.pop("clusters", [])
            member = members.get(data.pop("update_of", None))
            if member is not None:  # an update request: the profile as it is, with a new description
                data = {
                    "type": SubmissionType.UPDATE,
                    "member": member,
                    **{field: getattr(member, field) for field in ("name", "kind", "country", "locality", "website")},
                    **data,
                }
                cluster_slugs = list(member.clusters.values_list("slug", flat=True))
            submission, created = ProfileSubmission.objects.get_or_create(
                name=data.pop("name"), contact_email=data.pop("contact_email"), defaults={**data, "consent": True}
            )
            self.count("partner submissions", created)
            if created:
                submission.clusters.set(clusters[s] for s in cluster_slugs)
                # submitted_at is set on creation (auto_now_add); the queue shows how long each has waited.
                ProfileSubmission.objects.filter(pk=submission.pk).update(submitted_at=submitted_at)
