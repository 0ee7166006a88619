from django.core.management.base import BaseCommand

from exchange import housekeeping


class Command(BaseCommand):
    help = (
        "Daily: mark exchange posts past their expiry date as expired and queue the reminders due 14 and 1 days "
        "before expiry. Safe to run twice, concurrently or again after an interruption."
    )

    def handle(self, *args, **options):
        summary = housekeeping.run()
        self.stdout.write(f"exchange_housekeeping: {summary}.")
