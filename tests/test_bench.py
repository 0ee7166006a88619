"""The pure parts of bench/throughput.py: reading wrk's output, and the markdown and SVG it writes.

No server, no wrk, no database: `make bench` itself is run by hand (see docs/testing.md).
"""

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "throughput", Path(__file__).resolve().parent.parent / "bench" / "throughput.py"
)
throughput = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(throughput)

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8200/members/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    14.79ms    8.65ms 1.02s    79.16%
    Req/Sec   210.10     72.32   363.00     76.19%
  Latency Distribution
     50%  812.00us
     75%   18.23ms
     90%   23.27ms
     99%    1.02s
  2102 requests in 5.10s, 223.62MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:    412.15
Transfer/sec:     43.85MB
"""

CLEAN_WRK_OUTPUT = """\
Running 1s test @ http://127.0.0.1:8250/robots.txt
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    14.79ms    8.65ms  63.58ms   79.16%
    Req/Sec   210.10     72.32   363.00     76.19%
  Latency Distribution
     50%   13.21ms
     75%   18.23ms
     90%   23.27ms
     99%   54.63ms
  440 requests in 1.10s, 223.62KB read
Requests/sec:    399.95
Transfer/sec:    203.27KB
"""


def test_wrk_output_gives_throughput_percentiles_in_ms_and_errors():
    figures = throughput.parse_wrk(WRK_OUTPUT)
    assert figures["rps"] == 412.15
    assert figures["requests"] == 2102
    assert figures["duration_ms"] == pytest.approx(5100)
    assert figures["p50_ms"] == pytest.approx(0.812)
    assert figures["p75_ms"] == pytest.approx(18.23)
    assert figures["p90_ms"] == pytest.approx(23.27)
    assert figures["p99_ms"] == pytest.approx(1020)
    assert figures["socket_errors"] == 5
    assert figures["timeouts"] == 3
    assert figures["non2xx"] == 7


def test_wrk_output_without_errors_counts_none():
    figures = throughput.parse_wrk(CLEAN_WRK_OUTPUT)
    assert (figures["rps"], figures["requests"]) == (399.95, 440)
    assert (figures["non2xx"], figures["socket_errors"]) == (0, 0)


def test_wrk_run_where_nothing_completed_has_no_latencies_rather_than_zeros():
    nothing = CLEAN_WRK_OUTPUT.replace("440 requests in 1.10s", "0 requests in 1.10s").replace(
        "Requests/sec:    399.95", "Requests/sec:      0.00"
    )
    figures = throughput.parse_wrk(nothing)
    assert (figures["rps"], figures["requests"], figures["p50_ms"], figures["p99_ms"]) == (0.0, 0, None, None)


def test_wrk_output_without_latency_distribution_is_refused():
    without = "\n".join(line for line in CLEAN_WRK_OUTPUT.splitlines() if "%" not in line or "Req/Sec" in line)
    with pytest.raises(ValueError, match="--latency"):
        throughput.parse_wrk(without)
    with pytest.raises(ValueError, match="Requests/sec"):
        throughput.parse_wrk("unable to connect to 127.0.0.1:8200 Connection refused")


@pytest.mark.parametrize(("text", "ms"), [("812.00us", 0.812), ("4.20ms", 4.2), ("1.50s", 1500), ("2.00m", 120_000)])
def test_wrk_times_in_every_unit(text, ms):
    assert throughput.to_ms(text) == pytest.approx(ms)


def test_block_between_markers_is_replaced_and_other_sections_kept():
    start, end = throughput.START, throughput.END
    text = f"# Performance\n\n<!-- a:start -->\nA\n<!-- a:end -->\n\n{start}\nold\n{end}\n\n## After\nkept\n"
    replaced = throughput.replace_block(text, "new table")
    assert f"{start}\nnew table\n{end}" in replaced
    assert "old" not in replaced
    assert "<!-- a:start -->\nA\n<!-- a:end -->" in replaced and replaced.endswith("## After\nkept\n")
    assert throughput.replace_block(replaced, "new table") == replaced
    appended = throughput.replace_block("# Performance\n", "first")
    assert appended == f"# Performance\n\n{start}\nfirst\n{end}\n"


def row(name, url, rps, kind="page", queries=None, p99=10.0, requests=1000):
    return {
        "name": name,
        "url": url,
        "kind": kind,
        "rps": rps,
        "requests": requests,
        "p50_ms": p99 / 2,
        "p99_ms": p99,
        "non2xx": 0,
        "socket_errors": 0,
        "queries": queries,
    }


def config(db, size, cache, pages):
    return {
        "db": db,
        "size": size,
        "cache": cache,
        "when": "2026-11-29 20:00 UTC",
        "seconds": 5,
        "load_before": 1.0,
        "load_after": 2.0,
        "cache_backend": "Redis",
        "workers_rss_mb": [101.0, 102.5],
        "rows": [row("robots.txt", "/robots.txt", 1000.0, kind="trivial"), *pages],
    }


def results():
    return {
        "run": {"when": "2026-11-29 20:00 UTC", "cores": 2, "load": "1.0", "commit": "abc1234"},
        "configs": {
            "postgresql/demo/warm": config(
                "postgresql",
                "demo",
                "warm",
                [row("home", "/", 500.0, queries=11), row("news & views", "/news/", 200.0, queries=7)],
            ),
            "postgresql/100k/off": config(
                "postgresql",
                "100k",
                "off",
                [
                    row("home", "/", 100.0, queries=11, p99=40.0),
                    row("news & views", "/news/", 50.0, queries=8, p99=250.0),
                ],
            ),
        },
        "sizes": {"postgresql/demo": {k: {"public": 10, "total": 12} for k in ("members", "news", "events")}},
        "memory": {
            "config": "PostgreSQL, demo data, page cache off",
            "requests": 10_000,
            "pages": 15,
            "errors": 0,
            "seconds": 300,
            "rss_mb": {"0": 100.0, "5000": 120.0, "10000": 120.5},
            "when": "2026-11-29 20:10 UTC",
        },
    }


def test_markdown_has_a_table_per_configuration_with_the_ratio_to_the_trivial_view():
    text = throughput.render_markdown(results())
    assert "### PostgreSQL, demo data, page cache warm" in text
    assert "### PostgreSQL, 100k members, page cache off" in text
    assert "| home | `/` | 500 | 0.50 | 5.0 | 10.0 | 11 | 1,000 | 0 |" in text
    assert "| news & views | `/news/` | 50 | 0.05 | 125 | 250 | 8 | 1,000 | 0 |" in text
    assert "![Throughput against data size, per page](performance-throughput.svg)" in text
    # the demo tables come before the 100k ones
    assert text.index("demo data, page cache warm") < text.index("100k members, page cache off")


def test_requests_flagged_when_few_or_measured_for_longer():
    base = config("sqlite", "100k", "off", [])
    assert throughput.requests_cell(row("home", "/", 1.0, requests=1000), base) == "1,000"
    assert throughput.requests_cell(row("home", "/", 1.0, requests=12), base) == "12 (few)"
    slow = {**row("home", "/", 0.5, requests=10), "seconds": 20}
    assert throughput.requests_cell(slow, base) == "10 (in 20 s, few)"


def test_markdown_gives_every_target_beside_its_measured_value():
    text = throughput.render_markdown(results())
    targets = {t: (w, m, v) for t, w, m, v in throughput.target_rows(results())}
    where, measured, verdict = targets["Cache warm: every page ≥ 0.5× trivial"]
    assert (measured, verdict) == ("lowest 0.20× (news & views); below: news & views", "**not met**")
    where, measured, verdict = targets["Cache off: every page ≥ 0.05× trivial"]
    assert where == "PostgreSQL, 100k members, page cache off"
    assert (measured, verdict) == ("lowest 0.050× (news & views)", "met")
    where, measured, verdict = targets["Cache off: p99 < 100 ms at 8 connections"]
    assert measured == "highest 250 ms (news & views); over: news & views" and verdict == "**not met**"
    memory = next(v for t, v in targets.items() if t.startswith("Memory"))
    assert memory[1:] == ("120.0 MB after 5,000, 120.5 MB after 10,000 (+0.5 MB)", "met")
    where, measured, verdict = targets["Flat query counts: demo vs 100k"]
    assert (measured, verdict) == ("1 of 2 pages the same; differ: news & views 7 → 8", "**not met**")
    for target in targets:
        assert target in text


def test_memory_growth_or_size_over_the_target_is_not_met():
    data = results()
    data["memory"]["rss_mb"] = {"5000": 120.0, "10000": 135.0}
    memory = next(r for r in throughput.target_rows(data) if r[0].startswith("Memory"))
    assert memory[3] == "**not met**"
    data["memory"]["rss_mb"] = {"5000": 151.0, "10000": 151.0}
    memory = next(r for r in throughput.target_rows(data) if r[0].startswith("Memory"))
    assert memory[3] == "**not met**"


def test_svg_chart_is_well_formed_with_a_labelled_bar_per_page_and_size():
    svg = throughput.render_svg(results())
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    ns = {"s": "http://www.w3.org/2000/svg"}
    labels = [t.text for t in root.iterfind(".//s:text", ns)]
    assert "news & views" in labels and "robots.txt" in labels
    assert "PostgreSQL, page cache off" in labels and "PostgreSQL, page cache warm" in labels
    bars = [r.find("s:title", ns).text for r in root.iterfind(".//s:rect", ns) if r.find("s:title", ns) is not None]
    assert "news & views, demo: 200 req/s" in bars
    assert "news & views, 100k: 50 req/s" in bars
    assert len(bars) == 6  # three rows in each of the two panels present


def test_the_trivial_view_measured_again_at_the_end_shows_the_machines_drift_and_is_not_judged():
    data = results()
    off = data["configs"]["postgresql/100k/off"]
    # Slow at p99: judged as a page, it would fail the p99 target.
    off["rows"].append(row(throughput.TRIVIAL_AGAIN, "/robots.txt", 800.0, kind="trivial-end", p99=500.0))

    text = throughput.render_markdown(data)
    svg = throughput.render_svg(data)

    # Its ratio is to the trivial view measured first: the machine served 20% less by the end.
    assert f"| *{throughput.TRIVIAL_AGAIN}* | `/robots.txt` | 800 | 0.80 |" in text
    assert not [r for r in throughput.target_rows(data) if throughput.TRIVIAL_AGAIN in r[2]]
    assert throughput.TRIVIAL_AGAIN not in svg


def test_a_partial_run_replaces_only_its_own_configurations():
    old = results()
    new = {"run": {"when": "later"}, "configs": {"postgresql/100k/off": {"db": "postgresql", "replaced": True}}}
    merged = throughput.merge_results(old, new)
    assert merged["configs"]["postgresql/100k/off"] == {"db": "postgresql", "replaced": True}
    assert merged["configs"]["postgresql/demo/warm"] == old["configs"]["postgresql/demo/warm"]
    assert merged["run"] == {"when": "later"} and merged["memory"] == old["memory"]


def test_the_configuration_without_any_cache_is_judged_against_the_cache_off_targets_too():
    data = results()
    data["configs"]["postgresql/100k/none"] = config(
        "postgresql", "100k", "none", [row("home", "/", 5.0, queries=12, p99=900.0)]
    )
    judged = [
        (target, where) for target, where, _m, _v in throughput.target_rows(data) if target.startswith("Cache off")
    ]
    assert ("Cache off: every page ≥ 0.05× trivial", "PostgreSQL, 100k members, no cache at all") in judged
    assert ("Cache off: every page ≥ 0.05× trivial", "PostgreSQL, 100k members, page cache off") in judged
    text = throughput.render_markdown(data)
    assert text.index("100k members, no cache at all") < text.index("100k members, page cache off")
