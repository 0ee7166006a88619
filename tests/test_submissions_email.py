"""Durable email: a broken mail server never loses or blocks a submission; sends are retried and logged."""

import logging

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail import MAX_ATTEMPTS
from core.roles import MODERATORS
from submissions.models import ProfileSubmission

from .factories import UserFactory
from .submission_helpers import FAILING_MAILERS, empty_cache, form_data  # noqa: F401 (fixture)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


class FlakyEmailBackend(LocmemBackend):
    """Fails the first call, then delivers like the test mailbox."""

    calls = 0

    def send_messages(self, email_messages):
        type(self).calls += 1
        if type(self).calls == 1:
            raise TimeoutError("the mail server timed out")
        return super().send_messages(email_messages)


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db
@override_settings(MAILERS=FAILING_MAILERS)
def test_a_submission_is_stored_even_when_sending_email_raises(client, django_capture_on_commit_callbacks, caplog):
    with caplog.at_level(logging.WARNING, logger="core.mail"), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/submit/", form_data())
    assert response.status_code == 302
    submission = ProfileSubmission.objects.get()
    assert submission.status == "pending"
    assert client.get(response["Location"]).status_code == 200
    assert mail.outbox == []
    failures = [record for record in caplog.records if "failed (attempt" in record.getMessage()]
    assert len(failures) == MAX_ATTEMPTS - 1
    assert any("Giving up on email" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
@override_settings(MAILERS={"default": {"BACKEND": "tests.test_submissions_email.FlakyEmailBackend"}})
def test_a_failed_send_is_retried(client, django_capture_on_commit_callbacks, caplog):
    FlakyEmailBackend.calls = 0
    with caplog.at_level(logging.WARNING, logger="core.mail"), django_capture_on_commit_callbacks(execute=True):
        client.post("/submit/", form_data())
    assert [message.to for message in mail.outbox] == [["ama@example.org"]]
    assert any("failed (attempt 1 of" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_nothing_is_lost_while_the_mail_server_is_down(client):
    UserFactory(groups=[MODERATORS], email="moderator@example.org")
    with override_settings(TASKS=DATABASE_TASKS):
        response = client.post("/submit/", form_data())
        assert response.status_code == 302
        # The request only queued the messages; it did not wait for a mail server.
        assert mail.outbox == []
        assert DBTaskResult.objects.filter(status="READY").count() == 2

        with override_settings(MAILERS=FAILING_MAILERS):
            run_worker()
        assert ProfileSubmission.objects.get().status == "pending"
        assert DBTaskResult.objects.filter(status="FAILED").count() == 2
        retries = DBTaskResult.objects.filter(status="READY")
        assert retries.count() == 2
        assert all(result.run_after > timezone.now() for result in retries)
        assert all(result.args_kwargs["kwargs"]["attempt"] == 2 for result in retries)

        # The mail server is back and the retry delay has passed.
        retries.update(run_after=timezone.now())
        run_worker()
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "ama@example.org",
        "moderator@example.org",
    ]
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@pytest.mark.django_db(transaction=True)
def test_no_email_is_queued_for_a_submission_that_was_not_saved(client):
    with override_settings(TASKS=DATABASE_TASKS):
        response = client.post("/submit/", form_data(name=""))
    assert response.status_code == 400
    assert not ProfileSubmission.objects.exists()
    assert not DBTaskResult.objects.exists()
