"""``file_size``: a file's size in plain Dutch ("1 kB", "12 kB", "1,2 MB"), for every page that shows one.

Django's ``filesizeformat`` writes "443 bytes" and "1.2 MB" (a decimal point). Here a kilobyte is
1024 bytes, as the upload limits count ("hoogstens 5 MB" is 5 × 1024 × 1024 bytes) and as Windows
shows a file's size, so a file at the limit reads as the limit. Anything under 1 kB reads "1 kB":
nobody needs the bytes. Megabytes get one decimal (a comma), dropped when it is 0.
"""

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django import template

register = template.Library()

KB = 1024
MB = KB * KB
NBSP = "\u00a0"  # number and unit stay on one line


def _one_decimal(value):
    text = f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"
    return text.removesuffix(".0").replace(".", ",")


@register.filter
def file_size(size):
    """Return a byte count as "1 kB", "12 kB" or "1,2 MB" (empty for no value)."""
    if size is None or size == "":
        return ""
    size = int(size)
    if size <= 0:
        return f"0{NBSP}kB"
    kb = (Decimal(size) / KB).quantize(Decimal(1), rounding=ROUND_CEILING if size < KB else ROUND_HALF_UP)
    if kb < KB:
        return f"{kb}{NBSP}kB"
    mb = Decimal(size) / MB
    if mb.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) < KB:
        return f"{_one_decimal(mb)}{NBSP}MB"
    return f"{_one_decimal(mb / KB)}{NBSP}GB"
