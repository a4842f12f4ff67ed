"""Writers for CSV, XLSX and zip files: streamed row by row, so memory stays bounded.

CSV follows Dutch Excel: ``;`` separators, UTF-8 with a byte-order mark. Every
text cell goes through :func:`safe_cell`, which neutralises formula injection.
"""

import csv
import io
from datetime import date, datetime

from django.utils import timezone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value):
    """Return the value as a spreadsheet may safely show it: no formula in a text cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, date)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_text(value):
    value = safe_cell(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return value


class _Line:
    """A file-like object that hands back what csv.writer wrote, line by line."""

    def write(self, text):
        return text


def csv_lines(columns, rows):
    """Yield the CSV file as text lines: the BOM and header first, then one line per row."""
    writer = csv.writer(_Line(), delimiter=";")
    yield BOM + writer.writerow([str(c) for c in columns])
    for row in rows:
        yield writer.writerow([_csv_text(v) for v in row])


def write_csv(stream, columns, rows):
    """Write a CSV file (bytes) to stream; return the number of data rows."""
    count = -1
    buffer = io.StringIO()
    for line in csv_lines(columns, rows):
        count += 1
        buffer.write(line)
        if buffer.tell() > 64 * 1024:
            stream.write(buffer.getvalue().encode("utf-8"))
            buffer = io.StringIO()
    stream.write(buffer.getvalue().encode("utf-8"))
    return count


def write_xlsx(stream, sheets):
    """Write an XLSX workbook to stream in openpyxl's write-only mode.

    sheets: (title, columns, rows) tuples; rows may be any iterable.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([str(c) for c in columns])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    workbook.save(stream)
