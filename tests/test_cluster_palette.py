"""The six cluster colours (clusters/artwork.py): white text and icons on each are legible (WCAG AA),
and every two stay apart for visitors with any of the three kinds of colour blindness.

Colour blindness is simulated with the matrices of Machado, Oliveira and Fernandes (2009, severity
1.0) on linear RGB; the difference of two colours is CIEDE2000 in CIELAB (D65).
"""

import itertools
import math
import re

import pytest
from django.contrib.staticfiles import finders

from clusters.artwork import HEX, Colour

MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
VISION = [("typical", None), *MACHADO.items()]
# A difference of 10 is plainly two colours side by side (2.3 is the smallest one notices).
MIN_DIFFERENCE = 10


def linear_rgb(hex_colour):
    channels = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def contrast_with_white(hex_colour):
    r, g, b = linear_rgb(hex_colour)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def seen_with(rgb, matrix):
    if matrix is None:
        return rgb
    return [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix]


def cielab(rgb):
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(lab1, lab2):
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    r_t = -math.sin(math.radians(2 * rotation)) * r_c
    return math.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h))


def difference(first, second, matrix):
    return ciede2000(cielab(seen_with(linear_rgb(first), matrix)), cielab(seen_with(linear_rgb(second), matrix)))


def test_the_colour_science_matches_published_values():
    # WCAG's own extremes, and a pair from Sharma, Wu and Dalal's CIEDE2000 test data (ΔE 2.0425).
    assert contrast_with_white("#000000") == pytest.approx(21)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)


def test_there_are_six_colours_one_per_choice():
    assert set(HEX) == set(Colour)
    assert len(set(HEX.values())) == 6


@pytest.mark.parametrize("colour", list(Colour))
def test_white_text_and_icons_on_each_colour_pass_wcag_aa(colour):
    assert contrast_with_white(HEX[colour]) >= 4.5


@pytest.mark.parametrize(("vision", "matrix"), VISION, ids=[name for name, _matrix in VISION])
def test_every_two_colours_stay_apart(vision, matrix):
    too_close = [
        (first, second, round(difference(HEX[first], HEX[second], matrix), 1))
        for first, second in itertools.combinations(Colour, 2)
        if difference(HEX[first], HEX[second], matrix) < MIN_DIFFERENCE
    ]
    assert too_close == [], f"too close with {vision} vision"


def test_the_stylesheet_draws_each_cluster_in_the_same_colour():
    css = open(finders.find("css/site.css"), encoding="utf-8").read()  # noqa: SIM115
    declared = dict(re.findall(r"\.cluster-colour--([a-z]+) \{ --cluster: (#[0-9a-f]{6}); \}", css))
    assert declared == {colour.value: HEX[colour] for colour in Colour}
