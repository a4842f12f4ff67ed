"""Check that every ready letter and export has its stored file, with the letter's recorded SHA-256.

Run after a restore (docs/deploy.md, scripts/restore_drill.py) or any time: it reads every
file through the storage API, exactly as a download does, and prints counts only (no names).
Exit status 1 when a file is missing or differs.
"""

import hashlib

from django.core.management.base import BaseCommand, CommandError

from reintegratie.documents.models import Brief, BriefStatus
from reintegratie.reports.models import Export
from reintegratie.reports.workflow import ExportStatus
from reintegratie.storage import check_storage, open_stream


def _digest(fieldfile):
    stream, _size = open_stream(fieldfile)
    digest = hashlib.sha256()
    try:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    finally:
        stream.close()
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Check that every ready letter and export can be read from the file storage."

    def handle(self, *args, **options):
        check_storage(write=False)
        letters = ok = 0
        problems = []
        for brief in Brief.objects.filter(status=BriefStatus.KLAAR).only("pk", "pdf", "sha256").iterator():
            letters += 1
            try:
                if _digest(brief.pdf) == brief.sha256:
                    ok += 1
                else:
                    problems.append(f"letter {brief.pk}: the file differs from its checksum")
            except Exception as error:  # a missing object and a refused read both count
                problems.append(f"letter {brief.pk}: {type(error).__name__}")
        exports = exports_ok = 0
        for export in Export.objects.filter(status=ExportStatus.KLAAR).only("pk", "file").iterator():
            exports += 1
            try:
                _digest(export.file)
                exports_ok += 1
            except Exception as error:
                problems.append(f"export {export.pk}: {type(error).__name__}")
        self.stdout.write(f"letters: {ok} of {letters} readable with the right checksum")
        self.stdout.write(f"exports: {exports_ok} of {exports} readable")
        for problem in problems[:50]:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} stored files missing or different")
