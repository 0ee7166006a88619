"""Resized variants of uploaded images. Public pages only ever link these, never an original.

Each variant has a fixed size, so templates can give every <img> its width and height.
"""

import functools

from imagekit import ImageSpec, hashers
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit

WEBP = {"format": "WEBP", "options": {"quality": 78, "method": 4}}


class Variant(ImageSpec):
    """An imagekit spec whose hash (part of each variant's file name) is worked out once per source
    file. imagekit pickles the spec's processors on every access to a variant's URL; a list page
    reads some fifty of them, which cost about a millisecond each under load. Same hash as
    imagekit's own, so the files already written keep their names."""

    def get_hash(self):
        return _variant_hash(type(self), self.source.name)


@functools.lru_cache(maxsize=20_000)
def _variant_hash(spec, source_name):
    return hashers.pickle([source_name, spec.processors, spec.format, spec.options, spec.autoconvert])


def _field(source, name, processor):
    spec = type(name, (Variant,), {"processors": [processor], **WEBP})
    return ImageSpecField(source=source, spec=spec)


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
