"""Logos from strangers: only small PNG, JPEG and WebP images get in, re-encoded, under our own name."""

import io
import os

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test.client import BOUNDARY, encode_multipart
from PIL import Image

from core.uploads import clean_image
from submissions.models import ProfileSubmission

from .factories import ClusterFactory
from .submission_helpers import empty_cache, form_data, image_bytes, png_claiming, upload  # noqa: F401 (fixture)

SVG_WITH_SCRIPT = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script>
<rect width="10" height="10" fill="red"/></svg>"""


def noise_png(megabytes):
    """A real PNG of random pixels, so it cannot be compressed below `megabytes`."""
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5) + 1
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def noise_jpeg():
    image = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


BAD_UPLOADS = {
    "png header claiming 50000x50000": (png_claiming(50_000, 50_000), "logo.png", "far too many pixels"),
    "png header claiming 6000x5000": (png_claiming(6000, 5000), "logo.png", "6000 × 5000 pixels (30.0 megapixels)"),
    "text file named .png": (b"Just some notes, not an image at all.\n" * 20, "logo.png", "not a PNG, JPEG or WebP"),
    "svg with a script": (SVG_WITH_SCRIPT, "logo.svg", "SVG files are not accepted"),
    "svg named .png": (SVG_WITH_SCRIPT, "logo.png", "SVG files are not accepted"),
    "html page": (b"<!doctype html><script>alert(1)</script>", "logo.jpg", "not a PNG, JPEG or WebP"),
    "truncated png": (image_bytes("PNG", (300, 300))[:200], "logo.png", "damaged or incomplete"),
    "truncated jpeg": (noise_jpeg()[:4000], "logo.jpg", "damaged or incomplete"),
    "gif": (image_bytes("GIF"), "logo.gif", "not a PNG, JPEG or WebP"),
    "empty file": (b"", "logo.png", "The submitted file is empty."),
}


@pytest.fixture
def cluster(db):
    return ClusterFactory()


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_UPLOADS.keys())
def test_a_bad_upload_gets_a_clear_message_and_saves_nothing(client, cluster, django_capture_on_commit_callbacks, case):
    content, name, message = BAD_UPLOADS[case]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/submit/", {**form_data([cluster]), "logo": upload(content, name=name)})
    assert response.status_code == 400
    assert message in response.context["form"].errors["logo"][0]
    assert message in response.text
    assert not ProfileSubmission.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(("file_name", "kept"), [("/", False), ("..", False), ("a/", False), ("logo.png", True)])
def test_a_file_whose_name_holds_no_file_name_is_taken_as_no_logo(
    client, cluster, django_capture_on_commit_callbacks, file_name, kept
):
    """A multipart part named "/" or ".." (a hand-made request; browsers send a base name) is dropped by
    Django's parser: the profile is submitted without a logo, no error page. The same part with a
    file name keeps its logo."""
    end = f"--{BOUNDARY}--".encode()
    logo = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="logo"; filename="{file_name}"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode() + image_bytes()
    body = encode_multipart(BOUNDARY, form_data([cluster])).replace(end, logo + b"\r\n" + end)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/submit/", data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}")

    assert response.status_code == 302
    assert bool(ProfileSubmission.objects.get().logo) is kept


@pytest.mark.django_db
def test_a_6_mb_image_is_refused_for_its_size(client, cluster, django_capture_on_commit_callbacks):
    content = noise_png(6)
    assert len(content) > 6 * 1024 * 1024
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/submit/", {**form_data([cluster]), "logo": upload(content)})
    assert response.status_code == 400
    assert "the limit is 5.0\xa0MB" in response.context["form"].errors["logo"][0]
    assert not ProfileSubmission.objects.exists()


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_png_jpeg_and_webp_are_accepted_and_keep_their_format(fmt, extension):
    cleaned = clean_image(upload(image_bytes(fmt), name=f"logo.{extension}"))
    assert cleaned.name.endswith(f".{extension}")
    assert Image.open(io.BytesIO(cleaned.read())).format == fmt


def test_re_encoding_drops_metadata_and_anything_appended():
    exif = Image.Exif()
    exif[0x010E] = "secret GPS notes"  # ImageDescription
    original = image_bytes("JPEG", exif=exif.tobytes()) + b"PK\x03\x04<script>alert(1)</script>"
    cleaned = clean_image(upload(original, name="photo.jpg")).read()
    assert b"secret GPS notes" not in cleaned
    assert b"<script>" not in cleaned
    assert b"PK\x03\x04" not in cleaned
    assert not Image.open(io.BytesIO(cleaned)).getexif()


def test_the_pixel_limit_is_checked_before_decoding():
    # A header that claims 24 megapixels over an empty body: refused only once decoding is tried,
    # which proves that the header alone passed the size check and nothing was decoded before it.
    with pytest.raises(ValidationError) as accepted_header:
        clean_image(upload(png_claiming(6000, 4000)))
    assert accepted_header.value.code == "damaged"
    with pytest.raises(ValidationError) as refused_header:
        clean_image(upload(png_claiming(6000, 4200)))
    assert refused_header.value.code == "too_many_pixels"


def test_a_palette_png_with_transparency_survives_re_encoding():
    buffer = io.BytesIO()
    Image.new("P", (20, 20), 0).save(buffer, "PNG", transparency=0)
    cleaned = Image.open(io.BytesIO(clean_image(upload(buffer.getvalue())).read()))
    assert cleaned.mode in ("RGBA", "P", "LA")


def test_a_cmyk_jpeg_is_stored_as_rgb():
    buffer = io.BytesIO()
    Image.new("CMYK", (20, 20), (0, 100, 100, 0)).save(buffer, "JPEG")
    cleaned = Image.open(io.BytesIO(clean_image(upload(buffer.getvalue(), name="print.jpg")).read()))
    assert cleaned.mode == "RGB"
