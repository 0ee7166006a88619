"""Resized variants of uploaded images. Public pages only ever link these, never an original.

Each variant has a fixed size, so templates can give every <img> its width and height.
"""

import functools

from django.conf import settings
from imagekit import ImageSpec, hashers
from imagekit.models import ImageSpecField
from imagekit.models.fields.utils import ImageSpecFileDescriptor
from imagekit.processors import ResizeToFill, ResizeToFit
from imagekit.utils import get_storage

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


_ADDRESSES = {}  # (field, source file name, storage, MEDIA_URL) -> a variant's URL
_ADDRESSES_KEPT = 20_000


class _Variant:
    """What `obj.<variant>` gives: imagekit's cache file, built only when something besides its
    address is asked of it.

    imagekit builds a new cache file on every access to `obj.logo_card` (the spec, its file name,
    its storage), and sends a signal on every `.url`: about 0.07 ms, three times for one image on an
    article page (src, srcset, og:image) and twenty times for the API's page of members. A variant's
    address depends only on its spec, its source file's name and the storage, so it is worked out
    once per process; the Optimistic strategy (settings) writes the file when its source is saved,
    so an address never waits for its file. Anything else (`name`, `generate()`, `source`…) is the
    cache file's own."""

    __slots__ = ("_build", "_file", "_key")

    def __init__(self, build, key):
        self._build, self._file, self._key = build, None, key

    def _cache_file(self):
        if self._file is None:
            self._file = self._build()
        return self._file

    @property
    def url(self):
        address = _ADDRESSES.get(self._key)
        if address is None:
            address = self._cache_file().url
            if len(_ADDRESSES) >= _ADDRESSES_KEPT:
                _ADDRESSES.clear()
            _ADDRESSES[self._key] = address
        return address

    def __getattr__(self, name):
        return getattr(self._cache_file(), name)

    def __bool__(self):
        return bool(self._cache_file())

    def __str__(self):
        return str(self._cache_file())


class _VariantDescriptor(ImageSpecFileDescriptor):
    def __get__(self, instance, owner):
        if instance is None:
            return self.field
        source = getattr(instance, self.source_field_name)
        if not source:  # no image: imagekit's own answer (an empty file)
            return super().__get__(instance, owner)
        key = (self.field, source.name, get_storage(), settings.MEDIA_URL)
        return _Variant(lambda: super(_VariantDescriptor, self).__get__(instance, owner), key)


class _VariantField(ImageSpecField):
    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        setattr(cls, name, _VariantDescriptor(self, name, self.source))


def _field(source, name, processor):
    spec = type(name, (Variant,), {"processors": [processor], **WEBP})
    return _VariantField(source=source, spec=spec)


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
