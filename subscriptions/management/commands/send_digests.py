import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from subscriptions import digests, reminders, services


class Command(BaseCommand):
    help = (
        "Hourly: delete unconfirmed sign-ups past their link's life, queue the digests of the week and month "
        "that have just ended (once per subscriber per period: later runs queue only whoever is missing), "
        "queue again digests whose task was lost, and send the event reminders that are due. "
        "Safe to run twice, concurrently or again after an interruption."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Also queue again the digests of the periods just ended that the mail server refused.",
        )
        parser.add_argument(
            "--now",
            help="Act as if it were this ISO 8601 moment (to queue a period again in a test or a rehearsal).",
        )
        parser.add_argument("--batch-size", type=int, default=digests.BATCH_SIZE, help="Subscribers per task.")

    def handle(self, *args, retry_failed=False, now=None, batch_size=digests.BATCH_SIZE, **options):
        if now:
            try:
                now = dt.datetime.fromisoformat(now)
            except ValueError as error:
                raise CommandError(f"--now: {error}") from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now, timezone.get_default_timezone())
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        deleted = services.delete_unconfirmed(now=now)
        summary = digests.queue(now=now, batch_size=batch_size, retry_failed=retry_failed)
        summary.deleted_unconfirmed = deleted
        reminded = reminders.send_due_reminders(now=now)
        self.stdout.write(
            f"send_digests: {summary}; {reminded['reminders']} event reminder(s) and "
            f"{reminded['recordings']} recording note(s) queued."
        )
