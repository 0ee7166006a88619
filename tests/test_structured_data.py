"""schema.org JSON-LD on member, article and event pages."""

import datetime as dt
import json
import re
import zoneinfo

import pytest

from core.publishing import Status
from search.structured_data import json_ld_script

from .factories import ArticleFactory, CategoryFactory, EventFactory, MemberFactory

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


def json_ld(response):
    (payload,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.DOTALL)
    return json.loads(payload)


def test_a_member_page_describes_an_organization(client):
    member = MemberFactory(
        name="Kumasi",
        locality="Kumasi, Ghana",
        country="GH",
        website="https://kma.gov.gh",
        latitude="6.688500",
        longitude="-1.624400",
        contact_email="mayor@example.org",
        contact_name="Private Person",
    )

    data = json_ld(client.get(member.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Kumasi"
    assert data["url"] == f"{SITE}{member.get_absolute_url()}"
    assert data["address"] == {"@type": "PostalAddress", "addressLocality": "Kumasi, Ghana", "addressCountry": "GH"}
    assert data["sameAs"] == ["https://kma.gov.gh"]
    assert data["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 6.6885, "longitude": -1.6244}
    assert "mayor@example.org" not in json.dumps(data)
    assert "Private Person" not in json.dumps(data)


def test_an_article_page_describes_a_news_article(client):
    article = ArticleFactory(title="Recycling in Kumasi", summary="A new plant.")
    article.categories.add(CategoryFactory(name="Cities Project"))

    data = json_ld(client.get(article.get_absolute_url()))

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Recycling in Kumasi"
    assert data["description"] == "A new plant."
    assert data["datePublished"] == "2024-01-01T00:00:00+00:00"
    assert "dateModified" in data
    assert data["mainEntityOfPage"] == f"{SITE}{article.get_absolute_url()}"
    assert data["articleSection"] == ["Cities Project"]
    assert data["publisher"]["@type"] == "Organization"
    assert data["author"]["name"] == "South-South Cities Portal"


def test_an_online_event_has_a_virtual_location_and_times_with_their_offset(client):
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    event = EventFactory(
        title="Waste webinar",
        attendance="online",
        online_url="https://example.org/live",
        timezone="Asia/Shanghai",
        starts_at=dt.datetime(2025, 3, 4, 9, 0, tzinfo=shanghai),
        ends_at=dt.datetime(2025, 3, 4, 11, 0, tzinfo=shanghai),
        organisers="UNOSSC, UNDP China",
    )

    data = json_ld(client.get(event.get_absolute_url()))

    assert data["@type"] == "Event"
    assert data["name"] == "Waste webinar"
    assert data["startDate"] == "2025-03-04T09:00:00+08:00"
    assert data["endDate"] == "2025-03-04T11:00:00+08:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/live"}
    assert [organizer["name"] for organizer in data["organizer"]] == ["UNOSSC", "UNDP China"]


def test_an_in_person_event_has_a_place(client):
    event = EventFactory(attendance="in_person", venue="City Hall", locality="Accra", country="GH")

    data = json_ld(client.get(event.get_absolute_url()))

    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {
        "@type": "Place",
        "name": "City Hall",
        "address": {"@type": "PostalAddress", "addressLocality": "Accra", "addressCountry": "GH"},
    }


def test_a_hybrid_event_has_both_locations_and_its_host_members_as_organizers(client):
    event = EventFactory(attendance="hybrid", venue="City Hall", online_url="https://example.org/live")
    host = MemberFactory(name="Kumasi")
    event.hosts.add(host, MemberFactory(name="Hidden host", status=Status.DRAFT))

    data = json_ld(client.get(event.get_absolute_url()))

    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [location["@type"] for location in data["location"]] == ["Place", "VirtualLocation"]
    assert data["organizer"] == [{"@type": "Organization", "name": "Kumasi", "url": f"{SITE}{host.get_absolute_url()}"}]


def test_a_closing_script_tag_in_content_cannot_end_the_json_ld(client):
    member = MemberFactory(name="</script><script>alert(1)</script>", description="a < b & c > d")

    response = client.get(member.get_absolute_url())

    assert "<script>alert(1)" not in response.text
    data = json_ld(response)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "a < b & c > d"


def test_nothing_is_written_for_an_object_without_structured_data():
    assert json_ld_script(None) == ""
