"""Resized variants of uploaded images. Public pages only ever link these, never an original.

Each variant is one of django-imagekit's ImageSpecFields with a fixed size, so templates can give
every <img> its width and height. The Optimistic strategy (settings) writes a variant's file when
its source image is saved, so a page never waits for a resize.
"""

import functools

from imagekit import ImageSpec, hashers
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit

WEBP = {"format": "WEBP", "options": {"quality": 78, "method": 4}}


class Variant(ImageSpec):
    """An imagekit spec whose hash (part of each variant's file name) is worked out once per source
    file: imagekit's own `get_hash` pickles the processors on every access to a variant, which was a
    third of a cluster page drawing 24 member cards (docs/performance.md). The same hash as imagekit's,
    so the files already written keep their names."""

    def get_hash(self):
        return _variant_hash(type(self), self.source.name)


@functools.lru_cache(maxsize=20_000)
def _variant_hash(spec, source_name):
    return hashers.pickle([source_name, spec.processors, spec.format, spec.options, spec.autoconvert])


def _field(source, name, processor):
    return ImageSpecField(source=source, spec=type(name, (Variant,), {"processors": [processor], **WEBP}))


def fill(source, width, height):
    """Cropped to exactly width × height (photos)."""
    return _field(source, f"Fill{width}x{height}", ResizeToFill(width, height))


def fit(source, width, height):
    """Scaled to fit and padded to exactly width × height on white (logos)."""
    return _field(source, f"Fit{width}x{height}", ResizeToFit(width, height, upscale=True, mat_color=(255, 255, 255)))


# Sizes in one place so templates and tests agree.
LOGO = (160, 160)
THUMB = (96, 96)
CARD = (480, 270)
HERO = (1200, 500)
HERO_SMALL = (640, 267)
