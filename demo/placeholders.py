"""Placeholder images drawn with Pillow, so the demo needs no network and no stock photos."""

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

PALETTE = [(11, 94, 142), (179, 64, 14), (30, 107, 52), (110, 60, 140), (150, 110, 10), (20, 110, 120)]


def _colour(seed):
    return PALETTE[int(hashlib.sha256(seed.encode()).hexdigest(), 16) % len(PALETTE)]


def _initials(text):
    words = [word for word in text.replace("(", " ").split() if word[:1].isalpha()]
    return "".join(word[0] for word in words[:2]).upper() or "?"


def logo(text, size=400):
    """A square PNG with the name's initials on a coloured disc."""
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((size * 0.06, size * 0.06, size * 0.94, size * 0.94), fill=_colour(text))
    font = ImageFont.load_default(size=int(size * 0.34))
    draw.text((size / 2, size / 2), _initials(text), fill="white", font=font, anchor="mm")
    return _encode(image, "PNG")


def photo(text, width=1600, height=667):
    """A wide JPEG with no words in it (a crop or a small screen would clip them): a two-tone
    gradient and a few soft circles placed by the text's hash, so each item has its own."""
    base = _colour(text)
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
