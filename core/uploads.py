"""Safe image uploads: what a stranger's file must pass before the portal keeps it.

`clean_image(upload)` accepts only PNG, JPEG and WebP, at most 5 MB and 25 megapixels.
The pixel count is read from the file's header (Pillow's `Image.open` parses only the
header) and checked before anything is decoded, so a tiny file that claims to be
50,000 × 50,000 pixels costs nothing. Accepted images are decoded and re-encoded:
that drops metadata (EXIF with GPS, comments, ICC, text chunks), throws away anything
appended to or hidden in the file (polyglots such as an image that is also HTML or a
ZIP), and yields a fresh file under a generated name — the uploaded name is never used.

Errors are `ValidationError`s with a message a partner can act on; nothing is stored.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
# Pillow format name -> (stored extension, encoder options). Nothing else is accepted.
FORMATS = {
    "PNG": ("png", {"optimize": True}),
    "JPEG": ("jpg", {"quality": 88, "optimize": True}),
    "WEBP": ("webp", {"quality": 85, "method": 4}),
}
ACCEPT = "image/png,image/jpeg,image/webp"  # for <input type=file accept=…>

NOT_AN_IMAGE = _("This file is not a PNG, JPEG or WebP image. Please upload a logo in one of those formats.")
SVG_REFUSED = _(
    "SVG files are not accepted, because they can carry scripts. Please upload the logo as PNG, JPEG or WebP."
)
DAMAGED = _("This image file is damaged or incomplete. Please export it again and upload the new file.")


def _is_svg(head):
    """SVG (possibly behind an XML declaration, comments or a doctype): named for a clearer message."""
    return b"<svg" in head.lower()


def clean_image(upload, *, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS, name_prefix=""):
    """Check an uploaded file and return a re-encoded copy as a ContentFile with a generated name.

    Raises ValidationError with a clear message for anything that is not a small enough
    PNG, JPEG or WebP image.
    """
    size = upload.size
    if size is None or size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s. Please upload a smaller image."),
            code="too_large",
            params={"size": filesizeformat(size or 0), "limit": filesizeformat(max_bytes)},
        )
    if size == 0:
        raise ValidationError(_("This file is empty."), code="empty")

    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if _is_svg(head):
        raise ValidationError(SVG_REFUSED, code="svg")

    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that; both mean "too big" here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=list(FORMATS))  # reads the header only
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels(None, max_pixels) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error

        with image:
            width, height = image.size
            if width * height > max_pixels:
                raise _too_many_pixels((width, height), max_pixels)
            if width < 1 or height < 1:
                raise ValidationError(DAMAGED, code="damaged")
            image_format = image.format
            try:
                image.load()  # the only decode, after the size is known to be reasonable
                image = ImageOps.exif_transpose(image)  # keep photos upright once EXIF is gone
                data = _encode(image, image_format)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise _too_many_pixels((width, height), max_pixels) from error
            except (OSError, SyntaxError, ValueError, EOFError) as error:
                raise ValidationError(DAMAGED, code="damaged") from error

    extension = FORMATS[image_format][0]
    return ContentFile(data, name=f"{name_prefix}{uuid.uuid4().hex}.{extension}")


def _too_many_pixels(dimensions, max_pixels):
    limit = max_pixels / 1_000_000
    if dimensions is None:
        return ValidationError(
            _("This image has far too many pixels; the limit is %(limit)g megapixels."),
            code="too_many_pixels",
            params={"limit": limit},
        )
    width, height = dimensions
    return ValidationError(
        _(
            "This image is %(width)s × %(height)s pixels (%(megapixels).1f megapixels); "
            "the limit is %(limit)g megapixels. Please upload a smaller image."
        ),
        code="too_many_pixels",
        params={"width": width, "height": height, "megapixels": width * height / 1_000_000, "limit": limit},
    )


def _encode(image, image_format):
    """A fresh file holding only the pixels: no EXIF, ICC, comments or trailing bytes."""
    if image_format == "JPEG":
        image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode.endswith("A") else "RGB")
    options = FORMATS[image_format][1]
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()
