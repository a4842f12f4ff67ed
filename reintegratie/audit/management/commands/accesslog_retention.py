"""Retire the access log's old months: detach them (to archive) or drop them.

Run by the beheerder's operations team with the municipality's retention
period, e.g. ``accesslog_retention --keep-months 84`` (seven years). Whole
months leave; rows are never deleted one by one (the append-only trigger
refuses that).
"""

from django.core.management.base import BaseCommand, CommandError

from reintegratie.audit.partitions import add_months, month_start, partitioned, partitions_list, partitions_retire


class Command(BaseCommand):
    help = "Ontkoppel (en verwijder met --drop) de maanden van het toegangslog die buiten de bewaartermijn vallen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-months", type=int, required=True, help="bewaar zoveel maanden, deze maand meegeteld"
        )
        parser.add_argument("--drop", action="store_true", help="verwijder de ontkoppelde maanden ook")
        parser.add_argument("--dry-run", action="store_true", help="toon alleen wat er zou gebeuren")

    def handle(self, *args, keep_months, drop, dry_run, **options):
        if keep_months < 1:
            raise CommandError("Bewaar minstens de huidige maand (--keep-months 1 of meer).")
        if not partitioned():
            self.stdout.write("Het toegangslog is hier één tabel (geen PostgreSQL); niets te doen.")
            return
        if dry_run:
            from django.utils import timezone

            oldest_kept = add_months(month_start(timezone.now().date()), -(keep_months - 1))
            names = [name for name, month in partitions_list() if month < oldest_kept]
            self.stdout.write(f"zou {'verwijderen' if drop else 'ontkoppelen'}: {', '.join(names) or 'niets'}")
            return
        names = partitions_retire(keep_months=keep_months, drop=drop)
        self.stdout.write(f"{'verwijderd' if drop else 'ontkoppeld'}: {', '.join(names) or 'niets'}")
