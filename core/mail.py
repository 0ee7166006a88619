"""Durable email: messages go through Django's tasks framework, never straight to the mail server.

`queue_email()` is called inside the transaction that caused the message; it waits for that
transaction to commit (`transaction.on_commit`), then enqueues `send_email`. With the
database backend (django-tasks-db) the task is a row that `manage.py db_worker` picks up, so a
slow or broken mail server never blocks a request nor loses what the request saved. A failed
send is logged and enqueued again with a growing delay; after the last attempt it is logged as
an error and the task stays FAILED in the database (visible in the admin) with its traceback.

Messages are plain text: partner-supplied text cannot inject markup into them.
"""

import datetime as dt
import email.policy
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Delay before attempt 2, 3, 4, 5. After the fifth failure the message is given up (and logged).
RETRY_DELAYS = [dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2)]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


LONG_LINES = email.policy.default.clone(max_line_length=998)


class PlainTextEmail(EmailMessage):
    """Body lines up to RFC 5322's hard limit of 998 characters instead of 78.

    With the default policy a long line (a signed link) makes the whole body quoted-printable,
    which splits links with '=' on the console backend; with this one the body goes out as
    7bit/8bit text and links stay whole, in any mail client and in `make run`'s output.
    """

    def message(self, *, policy=None):
        return super().message(policy=policy or LONG_LINES)


def one_line(text):
    """A header-safe subject: no line breaks, no runs of blanks (partner names end up here)."""
    return " ".join(str(text).split())[:200]


def queue_email(*, subject, body, to, reply_to=None):
    """Send a plain-text email once the current transaction has committed.

    A problem while enqueueing is logged and swallowed (robust=True): whatever the request
    saved is already committed and must not turn into an error page.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    kwargs = {"subject": one_line(subject), "body": str(body), "to": recipients, "reply_to": reply_to or []}
    transaction.on_commit(lambda: send_email.enqueue(**kwargs), robust=True)


@task
def send_email(*, subject, body, to, reply_to=(), attempt=1):
    message = PlainTextEmail(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=list(reply_to)
    )
    try:
        message.send()
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            logger.exception("Giving up on email %r to %d recipient(s) after %d attempts", subject, len(to), attempt)
            raise
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning(
            "Sending email %r to %d recipient(s) failed (attempt %d of %d); retrying in %s",
            subject,
            len(to),
            attempt,
            MAX_ATTEMPTS,
            delay,
            exc_info=True,
        )
        retry = send_email
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + delay)
        retry.enqueue(subject=subject, body=body, to=to, reply_to=list(reply_to), attempt=attempt + 1)
        raise  # this attempt is recorded as failed; the retry is a new task
    logger.info("Sent email %r to %d recipient(s)", subject, len(to))
