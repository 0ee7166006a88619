"""Durable email: messages go through Django's tasks framework, never straight to the mail server.

`queue_email()` is called inside the transaction that caused the message; it waits for that
transaction to commit (`transaction.on_commit`), then enqueues `send_email`. With the
database backend (django-tasks-db) the task is a row that `manage.py db_worker` picks up, so a
slow or broken mail server never blocks a request nor loses what the request saved. A failed
send is logged and enqueued again with a growing delay; after the last attempt it is logged as
an error and the task stays FAILED in the database (visible in the admin) with its traceback.

Messages are plain text: partner-supplied text cannot inject markup into them. A digest also
carries an HTML alternative (multipart/alternative), headers such as List-Unsubscribe, and a
reminder an .ics attachment; all of it must be JSON-serialisable, as task arguments are.
"""

import datetime as dt
import email.policy
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

# Delay before attempt 2, 3, 4, 5. After the fifth failure the message is given up (and logged).
RETRY_DELAYS = [dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2)]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


LONG_LINES = email.policy.default.clone(max_line_length=998)


class PortalEmail(EmailMultiAlternatives):
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


def queue_email(*, subject, body, to, reply_to=None, html=None, headers=None, attachments=None):
    """Send an email once the current transaction has committed: plain text, with an optional
    HTML alternative, extra `headers` ({name: value}) and `attachments` ([(filename, text, mimetype)]).

    A problem while enqueueing is logged and swallowed (robust=True): whatever the request
    saved is already committed and must not turn into an error page.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return
    kwargs = {"subject": one_line(subject), "body": str(body), "to": recipients, "reply_to": reply_to or []}
    if html is not None:
        kwargs["html"] = str(html)
    if headers:
        kwargs["headers"] = {name: one_line(value) for name, value in headers.items()}
    if attachments:
        kwargs["attachments"] = [list(attachment) for attachment in attachments]
    transaction.on_commit(lambda: send_email.enqueue(**kwargs), robust=True)


def build_email(*, subject, body, to, reply_to=(), html=None, headers=None, attachments=()):
    """The message `send_email` sends (also for senders that send many over one connection)."""
    message = PortalEmail(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=list(reply_to),
        headers=headers or {},
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


@task
def send_email(*, subject, body, to, reply_to=(), html=None, headers=None, attachments=(), attempt=1):
    message = build_email(
        subject=subject, body=body, to=to, reply_to=reply_to, html=html, headers=headers, attachments=attachments
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
        retry.enqueue(
            subject=subject,
            body=body,
            to=to,
            reply_to=list(reply_to),
            html=html,
            headers=headers,
            attachments=list(attachments),
            attempt=attempt + 1,
        )
        raise  # this attempt is recorded as failed; the retry is a new task
    logger.info("Sent email %r to %d recipient(s)", subject, len(to))
