"""A whole little site of published content at a chosen size, for query-count and page tests.

Every member, article and event is tied to clusters, categories, hosts and recordings, so each
related block on a page has something to show (and would cost a query per row if a view forgot
a join).
"""

import datetime as dt

from django.utils import timezone

from .factories import (
    ArticleFactory,
    CategoryFactory,
    ClusterFactory,
    EventFactory,
    MemberFactory,
    MembershipFactory,
    RecordingFactory,
    RecordingLinkFactory,
)

COUNTRIES = ["BR", "CL", "GH", "CN", "PH", "AR"]
KINDS = ["city", "district", "regional", "agency", "company", "academic"]


def build_site(size):
    """`size` members, articles and events (half upcoming, half past) over three clusters."""
    clusters = [ClusterFactory(slug=slug, short_name=slug.title()) for slug in ("transport", "waste", "drr")]
    categories = [CategoryFactory(slug="news", name="News"), CategoryFactory(slug="webinars", name="Webinars")]
    members = []
    for i in range(size):
        member = MemberFactory(
            country=COUNTRIES[i % len(COUNTRIES)],
            kind=KINDS[i % len(KINDS)],
            population=10_000 + i,
            population_year=2020,
            area_km2="12.50",
            latitude="-23.550500",
            longitude="-46.633300",
            website="https://example.org/",
        )
        MembershipFactory(cluster=clusters[0], member=member, is_featured=True, order=i)
        MembershipFactory(cluster=clusters[1 + i % 2], member=member, is_featured=i % 3 == 0)
        members.append(member)
    now = timezone.now()
    for i in range(size):
        article = ArticleFactory(published_at=now - dt.timedelta(days=i + 1))
        article.clusters.set(clusters)
        article.categories.set(categories)
        article.related_members.set(members[:3])
        starts = now + dt.timedelta(days=i + 1) if i % 2 else now - dt.timedelta(days=i + 1)
        event = EventFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
        event.clusters.set(clusters)
        event.hosts.set(members[:3])
        recording = RecordingFactory(event=event, title=f"Recording {i}")
        RecordingLinkFactory(recording=recording, platform="youtube", url=f"https://www.youtube.com/watch?v={i}")
        RecordingLinkFactory(recording=recording, platform="bilibili", url=f"https://www.bilibili.com/video/{i}")
    return {"clusters": clusters, "members": members}
