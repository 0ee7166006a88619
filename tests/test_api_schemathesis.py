"""Property-based run of the whole API against its own OpenAPI document (schemathesis)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from .factories import (
    ArticleFactory,
    CategoryFactory,
    ClusterFactory,
    EventFactory,
    MemberFactory,
    MembershipFactory,
    RecordingLinkFactory,
    SpeakerFactory,
)

# The OpenAPI document is read through the WSGI app when the module loads; it needs no database.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly would close the test's database connection at the end of each
    request (Django's test client prevents that the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db, keep_test_connection):
    """Published content with every relation the API serialises, and a draft with private data."""
    cluster = ClusterFactory(slug="transport")
    member = MemberFactory(slug="sao-paulo", name="São Paulo", country="BR")
    MembershipFactory(cluster=cluster, member=member)
    MemberFactory(slug="draft-member", status="draft", contact_email="private@example.org")
    article = ArticleFactory(slug="bus-news")
    article.clusters.add(cluster)
    article.categories.add(CategoryFactory(slug="news", name="News"))
    article.related_members.add(member)
    event = EventFactory(slug="webinar", attendance="hybrid", venue="City Hall", online_url="https://example.org/live")
    event.hosts.add(member)
    SpeakerFactory(session__event=event)
    RecordingLinkFactory(recording__event=event)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, api_data):
    """No 5xx, and every answer (status, content type, body) is one the document allows."""
    case.call_and_validate()
