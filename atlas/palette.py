"""Colours of the map and the chart, chosen for contrast (checked against white and the land grey)."""

LAND = "#dde3ea"
LAND_EDGE = "#ffffff"
SHADED_EDGE = "#1b2330"
POINT = "#b3400e"
POINT_EDGE = "#ffffff"

# Member counts: (lowest count in the step, colour), light to dark. Each step differs from the next
# by at least 1.4:1 in luminance, and every shaded country also gets a dark outline, so a shaded
# country stands out from unshaded land (3:1) whatever its step.
STEPS = [
    (1, "#a6cde6"),
    (2, "#6aaed6"),
    (5, "#2f80bd"),
    (10, "#0b5e8e"),
    (25, "#08304f"),
]

# A cluster's segments of the events chart take the cluster's own colour (clusters/artwork.py);
# neighbouring segments are split by a white line, so no two need to differ in colour alone.


def step_for(count):
    """Index of the step a count falls in (0 for the lightest)."""
    index = 0
    for i, (lowest, _colour) in enumerate(STEPS):
        if count >= lowest:
            index = i
    return index
