"""The map and the events chart in English and Arabic (right to left): no label of a figure overlaps
another label or a bar, and no legend entry overlaps another or its own colour swatch."""

import pytest

# Each text label and each bar of every events chart on the page, as boxes on the screen.
CHARTS = """
() => [...document.querySelectorAll("svg.atlas-chart__svg")].map(svg => ({
  labels: [...svg.querySelectorAll("text")].map(t => { const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }),
  bars: [...svg.querySelectorAll("rect")].map(b => { const r = b.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }),
}))
"""

# Each legend entry of every figure (the map's shades, the chart's clusters): its words' box and
# its swatch's box.
LEGENDS = """
() => [...document.querySelectorAll(".atlas-legend li")].map(li => {
  const words = [...li.childNodes].filter(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  const range = document.createRange();
  range.setStartBefore(words[0]); range.setEndAfter(words[words.length - 1]);
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  return {text: li.textContent.trim(), words: box(range.getBoundingClientRect()),
          swatch: box(li.querySelector("svg").getBoundingClientRect())};
})
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
    charts = page.evaluate(CHARTS)
    assert charts, "the page has an events chart"
    for chart in charts:
        labels, bars = chart["labels"], chart["bars"]
        assert labels and bars
        for i, label in enumerate(labels):
            for other in labels[i + 1 :]:
                assert not overlap(label, other), f"{label['text']!r} overlaps {other['text']!r}"
            for bar in bars:
                assert not overlap(label, bar), f"{label['text']!r} overlaps a bar"


@pytest.mark.parametrize("prefix", ["", "/ar"])
@pytest.mark.parametrize("path", ["/", "/clusters/transport/", "/members/"])
def test_no_legend_entry_overlaps_another_or_its_swatch(demo_site, page, prefix, path):
    page.goto(f"{demo_site.url}{prefix}{path}")
    entries = page.evaluate(LEGENDS)
    assert entries, "the page has a figure with a legend"
    for i, entry in enumerate(entries):
        assert not overlap(entry["words"], entry["swatch"]), f"{entry['text']!r} overlaps its swatch"
        for other in entries[i + 1 :]:
            assert not overlap(entry["words"], other["words"]), f"{entry['text']!r} overlaps {other['text']!r}"
            assert not overlap(entry["swatch"], other["swatch"]), f"{entry['text']!r}: swatches overlap"
    if prefix == "/ar":  # right to left: each swatch stands at the start (the right) of its words
        for entry in entries:
            assert entry["swatch"]["left"] >= entry["words"]["right"] - 0.5, entry["text"]
