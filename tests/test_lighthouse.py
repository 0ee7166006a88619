"""The pure parts of bench/lighthouse.py: reading Lighthouse's reports, and the table it writes.

No server, no browser: `make lighthouse` itself is run by hand (see docs/quality.md).
"""

import importlib.util
from pathlib import Path

SPEC = importlib.util.spec_from_file_location(
    "lighthouse", Path(__file__).resolve().parent.parent / "bench" / "lighthouse.py"
)
lighthouse = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(lighthouse)


def report(performance, others=1.0, console=()):
    """The parts of a Lighthouse report (LHR) the script reads."""
    return {
        "lighthouseVersion": "12.2.3",
        "environment": {"benchmarkIndex": 2000},
        "categories": {
            "performance": {"score": performance},
            "accessibility": {"score": others},
            "best-practices": {"score": others},
            "seo": {"score": others},
        },
        "audits": {"errors-in-console": {"details": {"items": list(console)}}},
    }


def results(*runs_per_page):
    pages = [(key, lang, f"/{lang}/{key}/") for lang, _, _ in lighthouse.LANGUAGES for key, _, _ in lighthouse.PAGES]
    return [(key, lang, path, runs) for (key, lang, path), runs in zip(pages, runs_per_page, strict=False)]


def test_each_category_is_the_median_of_the_runs_and_a_noisy_run_does_not_fail():
    summary = lighthouse.summarise(results([report(1.0), report(0.88), report(0.99)]), "156.0.1.2", (1.0, 2.0))
    row = summary["rows"][0]
    assert row["scores"] == {"performance": 99, "accessibility": 100, "best-practices": 100, "seo": 100}
    assert row["performance"] == [100, 88, 99]
    assert summary["failures"] == []
    assert (summary["lighthouse"], summary["chromium"], summary["runs"]) == ("12.2.3", "156.0.1.2", 3)


def test_a_median_under_95_or_a_console_error_fails_and_is_shown():
    error = {"source": "network", "description": "Failed to load resource: 404", "sourceLocation": {"url": "/x.png"}}
    summary = lighthouse.summarise(results([report(0.94)], [report(1.0, console=[error])]), "156.0.1.2", (1.0, 2.0))
    assert summary["failures"] == [
        "/en/home/: performance 94",
        "/en/cluster/: console error: network: Failed to load resource: 404 (/x.png)",
    ]
    table = lighthouse.markdown(summary)
    assert "| Home | English | `/en/home/` | **94** | 100 | 100 | 100 | 94 |" in table
    assert "- `/en/cluster/`: network: Failed to load resource: 404 (/x.png)" in table


def test_the_table_replaces_only_what_lies_between_the_markers(tmp_path):
    doc = tmp_path / "quality.md"
    doc.write_text(f"# Quality\n\nprose\n\n{lighthouse.START}\nold table\n{lighthouse.END}\n\nmore prose\n")
    summary = lighthouse.summarise(results([report(1.0)]), "156.0.1.2", (1.0, 2.0))
    lighthouse.write_doc(summary, doc)
    text = doc.read_text()
    assert "old table" not in text
    assert text.startswith("# Quality\n\nprose\n\n")
    assert text.endswith(f"{lighthouse.END}\n\nmore prose\n")
    assert "Lighthouse 12.2.3 and Chromium 156.0.1.2" in text
    assert "Console errors: none." in text
