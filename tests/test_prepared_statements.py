"""On PostgreSQL a statement run often is prepared on its connection (DB_PREPARED_STATEMENTS), except
the search's ranking statement, whose plan depends on the words searched."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from members.models import Member

from .factories import ArticleFactory, MemberFactory

ROOT = Path(__file__).resolve().parent.parent
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepared statements")
preparing = pytest.mark.skipif(
    not connection.settings_dict.get("OPTIONS", {}).get("prepare_threshold"), reason="DB_PREPARED_STATEMENTS is off"
)


def prepared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


@postgres_only
@preparing
@pytest.mark.django_db
def test_a_query_run_again_and_again_is_prepared_once(client):
    member = MemberFactory()
    before = set(prepared())
    # Columns in an order no page asks for, so no other test on this connection prepared it before.
    for _ in range(6):
        assert (
            Member.objects.filter(slug=member.slug).values_list("locality", "slug", "name", "pk").get()[1]
            == member.slug
        )

    statements = [statement for statement in prepared() if statement not in before]

    assert len(statements) == 1
    assert "$1" in statements[0]  # the value is bound, not written into the statement


@postgres_only
@pytest.mark.django_db
def test_the_search_ranking_statement_is_never_prepared(client):
    ArticleFactory(title="Harbour cranes")
    for number in range(8):  # a different address each time, so each is a page-cache miss
        assert client.get("/search/", {"q": "harbour", "visit": number}).context["total"] == 1

    assert not [statement for statement in prepared() if "ts_rank" in statement]


def database_options(**env):
    environment = {key: value for key, value in os.environ.items() if key != "DB_PREPARED_STATEMENTS"}
    environment.update(env, DATABASE_URL="postgres://portal@db.example.org/portal")
    environment["DJANGO_SETTINGS_MODULE"] = "cities_portal.settings.test"
    code = "from django.conf import settings; import json; print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_prepared_statements_can_be_turned_off_for_a_pooler_that_cannot_keep_them():
    assert database_options() | {"options": ""} == {
        "options": "",
        "server_side_binding": True,
        "prepare_threshold": 5,
    }
    assert "server_side_binding" not in database_options(DB_PREPARED_STATEMENTS="false")
