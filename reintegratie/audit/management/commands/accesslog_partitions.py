"""Create the access log's monthly partitions for this month and the coming months (idempotent)."""

from django.core.management.base import BaseCommand

from reintegratie.audit.partitions import partitioned, partitions_ensure, partitions_list


class Command(BaseCommand):
    help = "Maak de maandpartities van het toegangslog aan voor deze en de komende maanden."

    def add_arguments(self, parser):
        parser.add_argument("--ahead", type=int, default=3, help="zoveel maanden vooruit (standaard 3)")

    def handle(self, *args, ahead, **options):
        if not partitioned():
            self.stdout.write("Het toegangslog is hier één tabel (geen PostgreSQL); niets te doen.")
            return
        created = partitions_ensure(ahead=ahead)
        self.stdout.write(f"aangemaakt: {', '.join(created) or 'geen (alles bestond al)'}")
        self.stdout.write(f"maanden: {len(partitions_list())}")
