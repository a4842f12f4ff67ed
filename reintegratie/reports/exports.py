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


# PostgreSQL type OIDs of the columns copy_csv formats the way _csv_text does.
_TEXT = {25, 1043, 1042}
_DATE = {1082}
_TIMESTAMPTZ = {1184}
_TIMESTAMP = {1114}
_FLOAT = {700, 701, 1700}
_BOOL = {16}


def _copy_expression(column, type_code, code=False):
    """Return SQL that renders one column exactly as _csv_text renders the same value.

    Chosen for speed at 40,000 rows (tests/bench/bench_pages.py): ``ascii()`` reads the first
    character once where ``left(x, 1) IN (…)`` cut the string six times, and dates are cast to text
    under ``DateStyle ISO`` (set by :func:`copy_csv`) instead of going through ``to_char``'s pattern
    parser: together 166 → 143 ms for the client list of 40,000 clients. A column that holds a
    choice's stored value (``code=True``, from ``SqlRows.code_columns``) skips the formula check:
    about 10 ms of the 40,000-row export (session 6).
    """
    if type_code in _TEXT and code:
        # A choice's stored value (``SqlRows.code_columns``): never a formula; '' is written bare.
        return f"NULLIF({column}, '')"
    if type_code in _TEXT:
        # safe_cell in SQL: a text that starts like a formula (= + - @ tab CR) gets a leading quote;
        # '' is written bare.
        return (
            f"CASE WHEN {column} = '' THEN NULL WHEN ascii({column}) IN (61, 43, 45, 64, 9, 13) "
            f"THEN '''' || {column} ELSE {column} END"
        )
    if type_code in _DATE:
        return f"{column}::text"
    if type_code in _TIMESTAMPTZ:
        return f"left(({column} AT TIME ZONE %(tz)s)::text, 16)"
    if type_code in _TIMESTAMP:
        return f"left({column}::text, 16)"
    if type_code in _FLOAT:
        return f"replace(to_char(round({column}::numeric, 1), 'FM999999999999990.0'), '.', ',')"
    if type_code in _BOOL:
        return f"CASE WHEN {column} THEN 'True' WHEN NOT {column} THEN 'False' END"
    return column


class _CopyTarget:
    """Where COPY writes: the stream, with Excel's line ends (as csv.writer), counting rows as they pass.

    PostgreSQL sends one message per row; writing each to the stream would cost
    a Python call per row, so rows are gathered and written 64 kB at a time.
    """

    def __init__(self, stream, on_rows):
        self.stream = stream
        self.on_rows = on_rows
        self.buffer = bytearray()

    def write(self, data):
        self.buffer += data
        if len(self.buffer) > 64 * 1024:
            self.flush()

    def flush(self):
        if self.buffer:
            lines = self.buffer.count(b"\n")
            self.stream.write(self.buffer.replace(b"\n", b"\r\n"))
            self.buffer = bytearray()
            if self.on_rows:
                self.on_rows(lines)


def copy_csv(stream, columns, rows, *, on_rows=None):
    """Write the CSV file of a values_list queryset with PostgreSQL's COPY; return the number of data rows.

    Byte for byte what write_csv writes for the same rows (BOM, header, ``;``,
    formula-safe text, local times), but the database formats the rows: no row
    passes through Python. PostgreSQL only; on_rows(n) hears every n rows written.
    """
    from django.conf import settings
    from django.db import connections, transaction

    connection = connections[rows.db]
    sql, params = rows.query.sql_with_params()
    header = io.StringIO()
    header.write(BOM)
    csv.writer(header, delimiter=";").writerow([str(c) for c in columns])
    stream.write(header.getvalue().encode("utf-8"))
    with transaction.atomic(using=rows.db), connection.cursor() as cursor:
        # A date as text is YYYY-MM-DD and a timestamp YYYY-MM-DD HH:MI:SS…, whatever the server's default.
        cursor.execute("SET LOCAL datestyle = 'ISO, YMD'")
        inner = cursor.mogrify(sql, params).decode()
        names = [f"c{i}" for i in range(len(columns))]
        # The query comes from the ORM (mogrified by the driver); nothing here is user input.
        shaped = f"SELECT * FROM ({inner}) AS q({', '.join(names)})"  # noqa: S608  # nosec B608
        cursor.execute(f"{shaped} LIMIT 0")
        types = [d.type_code for d in cursor.description]
        codes = set(getattr(rows, "code_columns", ()))
        select = ", ".join(
            _copy_expression(n, t, code=i in codes) for i, (n, t) in enumerate(zip(names, types, strict=True))
        )
        query = cursor.mogrify(
            f"SELECT {select} FROM ({inner.replace('%', '%%')}) AS q({', '.join(names)})",  # noqa: S608  # nosec B608
            {"tz": settings.TIME_ZONE},
        ).decode()
        target = _CopyTarget(stream, on_rows)
        cursor.cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, DELIMITER ';')", target)
        target.flush()
        return cursor.cursor.rowcount


def write_csv_rows(stream, columns, rows, *, on_rows=None):
    """Write a values_list queryset as CSV: through COPY on PostgreSQL, row by row elsewhere; return the rows."""
    if rows.db and connection_vendor(rows.db) == "postgresql":
        return copy_csv(stream, columns, rows, on_rows=on_rows)

    def counted():
        for row in rows.iterator(chunk_size=2000):
            if on_rows:
                on_rows(1)
            yield row

    return write_csv(stream, columns, counted())


def connection_vendor(alias):
    from django.db import connections

    return connections[alias].vendor
