"""Resized variants of uploaded images. Public pages only ever link these, never an original.

Each variant is one of django-imagekit's ImageSpecFields with a fixed size, so templates can give
every <img> its width and height. The Optimistic strategy (settings) writes a variant's file when
its source image is saved, so a page never waits for a resize.
"""

from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit

WEBP = {"format": "WEBP", "options": {"quality": 78, "method": 4}}


def fill(source, width, height):
    """Cropped to exactly width × height (photos)."""
    return ImageSpecField(source=source, processors=[ResizeToFill(width, height)], **WEBP)


def fit(source, width, height):
    """Scaled to fit and padded to exactly width × height on white (logos)."""
    return ImageSpecField(
        source=source, processors=[ResizeToFit(width, height, upscale=True, mat_color=(255, 255, 255))], **WEBP
    )


# Sizes in one place so templates and tests agree.
LOGO = (160, 160)
THUMB = (96, 96)
CARD = (480, 270)
HERO = (1200, 500)
HERO_SMALL = (640, 267)
