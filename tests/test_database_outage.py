"""With the database unavailable the portal answers a branded 503 with Retry-After, never a traceback,
and heals by itself when the database is back. PostgreSQL cuts off runaway statements."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction

from security.faults import is_database_unavailable

ROOT = Path(__file__).resolve().parent.parent
on_postgresql = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL (DATABASE_URL)"
)


@pytest.fixture(scope="module")
def outage(tmp_path_factory):
    environment = {**os.environ, "OUTAGE_SQLITE_FILE": str(tmp_path_factory.mktemp("outage") / "portal.sqlite3")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.outage_scenario"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


PAGES = ["home", "members", "admin"]


@pytest.mark.parametrize("name", [*PAGES, "members_json", "healthz", "admin_post"])
def test_everything_answers_normally_before_the_outage(outage, name):
    assert outage["before"][name]["status"] in {200, 302}, outage["before"][name]["body"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_answer_a_branded_503_with_retry_after_during_the_outage(outage, name):
    answer = outage["during"][name]
    assert answer["status"] == 503
    assert answer["retry_after"] == "30"
    assert "Briefly unavailable" in answer["body"]
    assert "South-South Cities" in answer["body"]
    assert "Traceback" not in answer["body"]
    assert "OperationalError" not in answer["body"]
    assert answer["csp"]


def test_json_clients_get_a_json_503(outage):
    answer = outage["during"]["members_json"]
    assert answer["status"] == 503
    assert answer["content_type"] == "application/json"
    assert "try again" in json.loads(answer["body"])["detail"]


def test_the_health_check_reports_the_database_down(outage):
    answer = outage["during"]["healthz"]
    assert answer["status"] == 503
    assert json.loads(answer["body"]) == {"status": "unavailable", "database": "down"}


def test_a_form_posted_during_the_outage_gets_a_503_not_a_500(outage):
    assert outage["during"]["admin_post"]["status"] == 503


@pytest.mark.parametrize("name", [*PAGES, "members_json", "healthz"])
def test_the_portal_recovers_by_itself_when_the_database_returns(outage, name):
    assert outage["after"][name]["status"] == 200, outage["after"][name]["body"]


def test_the_form_post_succeeds_after_recovery_and_nothing_of_the_outage_was_half_saved(outage):
    assert outage["after"]["admin_post"]["status"] == 302
    assert outage["saved"] == ["outage-after", "outage-before"]


@on_postgresql
@pytest.mark.django_db
def test_postgresql_sessions_have_a_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "10s"


@on_postgresql
@pytest.mark.django_db
def test_a_statement_over_the_timeout_is_cut_off_and_counts_as_unavailable():
    with pytest.raises(OperationalError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '50ms'")
        cursor.execute("SELECT pg_sleep(2)")
    assert "statement timeout" in str(error.value)
    assert is_database_unavailable(error.value)


def test_only_connection_failures_count_as_unavailable():
    from django.db import IntegrityError, InterfaceError, ProgrammingError

    assert is_database_unavailable(OperationalError("could not connect"))
    assert is_database_unavailable(InterfaceError("connection already closed"))
    try:
        try:
            raise OperationalError("server closed the connection")
        except OperationalError as inner:
            raise ValueError("while rendering") from inner
    except ValueError as outer:
        assert is_database_unavailable(outer)
    assert not is_database_unavailable(IntegrityError("duplicate key"))
    assert not is_database_unavailable(ProgrammingError("syntax error"))
    assert not is_database_unavailable(ValueError("no"))
