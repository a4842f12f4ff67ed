"""Send every waiting mail now (after the mail server is repaired), in this process."""

from django.core.management.base import BaseCommand

from reintegratie.outbox.services import outbox_flush


class Command(BaseCommand):
    help = "Verstuur nu alle e-mails die wachten."

    def handle(self, *args, **options):
        sent, failed = outbox_flush()
        self.stdout.write(f"verzonden: {sent}, niet gelukt: {failed}")
