"""The events chart in English and Arabic: no label overlaps another label or a bar."""

import pytest

# Each text label and each bar of every events chart on the page, as boxes on the screen.
BOXES = """
() => [...document.querySelectorAll("svg.atlas-chart__svg")].map(svg => ({
  labels: [...svg.querySelectorAll("text")].map(t => { const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }),
  bars: [...svg.querySelectorAll("rect")].map(b => { const r = b.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }),
}))
"""


def overlap(a, b, slack=0.5):
    return (
        a["left"] < b["right"] - slack
        and b["left"] < a["right"] - slack
        and (a["top"] < b["bottom"] - slack and b["top"] < a["bottom"] - slack)
    )


@pytest.mark.parametrize("prefix", ["", "/ar"])
@pytest.mark.parametrize("path", ["/", "/clusters/transport/"])
def test_no_chart_label_overlaps_another_or_a_bar(demo_site, page, prefix, path):
    page.goto(f"{demo_site.url}{prefix}{path}")
    charts = page.evaluate(BOXES)
    assert charts, "the page has an events chart"
    for chart in charts:
        labels, bars = chart["labels"], chart["bars"]
        assert labels and bars
        for i, label in enumerate(labels):
            for other in labels[i + 1 :]:
                assert not overlap(label, other), f"{label['text']!r} overlaps {other['text']!r}"
            for bar in bars:
                assert not overlap(label, bar), f"{label['text']!r} overlaps a bar"
