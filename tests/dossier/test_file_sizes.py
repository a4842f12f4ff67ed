"""File sizes in plain Dutch, the same on every page that shows one."""

import pytest
from django.template import Context, Template

from reintegratie.dossier.templatetags.file_sizes import file_size

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (1, "1 kB"),
        (443, "1 kB"),
        (1023, "1 kB"),
        (1024, "1 kB"),
        (1600, "2 kB"),
        (12 * 1024, "12 kB"),
        (12 * 1024 + 400, "12 kB"),
        (1023 * 1024, "1023 kB"),
        (1024 * 1024 - 1, "1 MB"),
        (1024 * 1024, "1 MB"),
        (int(1.2 * 1024 * 1024), "1,2 MB"),
        (int(1.25 * 1024 * 1024), "1,3 MB"),
        (5 * 1024 * 1024, "5 MB"),  # a cv at its limit reads as the limit: "hoogstens 5 MB"
        (10 * 1024 * 1024 - 1, "10 MB"),
        (3 * 1024**3, "3 GB"),
        (0, "0 kB"),
    ],
)
def test_a_size_reads_in_dutch(size, shown):
    assert file_size(size) == shown.replace(" ", NBSP)


def test_no_size_is_empty_and_the_filter_loads_in_a_template():
    assert file_size(None) == ""
    rendered = Template("{% load file_sizes %}{{ size|file_size }}").render(Context({"size": 443}))
    assert rendered == f"1{NBSP}kB"
