"""The pure parts of bench/instructions.py: reading callgrind's dump, and the table it writes.

Counting itself needs valgrind and the bench databases; `make bench-instructions` is run by hand."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load(name):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # instructions.py imports throughput by name
    spec.loader.exec_module(module)
    return module


load("throughput")
instructions = load("instructions")

DUMP = """\
# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 9273
positions: line
events: Ir
summary: 0

fl=(1) ???
fn=(1) 0x0000000000028b5d
30 48753
totals: 8404441
"""


def test_the_count_is_the_totals_line_of_a_dump():
    assert instructions.parse_totals(DUMP) == 8_404_441


def test_a_dump_with_only_a_summary_gives_the_summary():
    assert instructions.parse_totals("events: Ir\nsummary: 1234\n") == 1234


@pytest.mark.parametrize("text", ["", "events: Ir\nsummary: 0\n", "# callgrind format\nversion: 1\n"])
def test_a_dump_without_a_count_is_refused_rather_than_read_as_zero(text):
    with pytest.raises(ValueError, match="no instruction count"):
        instructions.parse_totals(text)


def test_the_table_gives_each_page_its_count_in_millions_and_its_ratio_to_the_trivial_view():
    run = {
        "title": "PostgreSQL, 100,000 members",
        "requests": 5,
        "when": "2026-11-30 07:00 UTC",
        "commit": "abc1234",
        "rows": [
            {"name": "robots.txt", "url": "/robots.txt", "instructions": 2_775_000, "queries": 0},
            {"name": "event", "url": "/events/x/", "instructions": 55_500_000, "queries": 7},
        ],
    }

    text = instructions.render_markdown(run)

    assert "| robots.txt (`/robots.txt`) | 2.8 | 1.0 | 0 |" in text
    assert "| event (`/events/x/`) | 55.5 | 20.0 | 7 |" in text
    assert "PostgreSQL, 100,000 members" in text
    assert "at `abc1234`" in text


def test_a_run_whose_query_counts_changed_says_to_measure_again():
    run = {
        "title": "PostgreSQL, 100,000 members",
        "requests": 5,
        "when": "2026-11-30 07:00 UTC",
        "commit": "abc1234",
        "rows": [{"name": "robots.txt", "url": "/robots.txt", "instructions": 2_775_000, "queries": 0}],
    }
    assert "Measure again" not in instructions.render_markdown({**run, "changed": []})

    text = instructions.render_markdown({**run, "changed": ["/events/"]})

    assert "**Measure again:** the query count of `/events/` changed during the run" in text
