"""Placeholder images drawn with Pillow, so the demo needs no network and no stock photos."""

import hashlib
import io
import math

from PIL import Image, ImageDraw

PALETTE = [(11, 94, 142), (179, 64, 14), (30, 107, 52), (110, 60, 140), (150, 110, 10), (20, 110, 120)]


def _colour(seed):
    return PALETTE[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(PALETTE)]


def logo(text, size=400):
    """A square PNG with no letters in it: a coloured disc holding a white figure (a ring, a
    triangle, a diamond, three dots or a half moon), the colour, figure and turn picked by the
    text's hash, so each member has its own."""
    digest = hashlib.sha256(text.encode()).digest()
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((size * 0.06, size * 0.06, size * 0.94, size * 0.94), fill=_colour(text))
    centre, r = size / 2, size * 0.24
    turn = digest[1] / 255 * 360
    figure = digest[0] % 5
    if figure == 0:
        draw.ellipse((centre - r, centre - r, centre + r, centre + r), outline="white", width=int(size * 0.07))
    elif figure == 1:
        draw.regular_polygon((centre, centre, r * 1.15), 3, rotation=turn, fill="white")
    elif figure == 2:
        draw.regular_polygon((centre, centre, r), 4, rotation=45 + turn % 45, fill="white")
    elif figure == 3:
        for i in range(3):
            angle = math.radians(turn + 120 * i)
            x, y = centre + r * 0.8 * math.cos(angle), centre + r * 0.8 * math.sin(angle)
            draw.ellipse((x - r * 0.4, y - r * 0.4, x + r * 0.4, y + r * 0.4), fill="white")
    else:
        draw.pieslice((centre - r, centre - r, centre + r, centre + r), turn, turn + 180, fill="white")
    return _encode(image, "PNG")


def photo(text, width=1600, height=667, colour=None):
    """A wide JPEG with no words in it (a crop or a small screen would clip them): a two-tone
    gradient of `colour` ("#rrggbb"; by default one picked by the text's hash) and a few soft
    circles placed by the text's hash, so each item has its own."""
    base = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) if colour else _colour(text)
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(c * (1 - 0.45 * shade)) for c in base))
    digest = hashlib.sha256(text.encode()).digest()
    light = tuple(min(255, int(c + (255 - c) * 0.25)) for c in base)
    for i in range(4):
        x = digest[3 * i] / 255 * width
        y = digest[3 * i + 1] / 255 * height
        r = (0.15 + digest[3 * i + 2] / 900) * height
        draw.ellipse((x - r, y - r, x + r, y + r), outline=light, width=max(2, int(height * 0.012)))
    return _encode(image, "JPEG")


def _encode(image, fmt):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({"quality": 82} if fmt == "JPEG" else {"optimize": True}))
    return buffer.getvalue()
