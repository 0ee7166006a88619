"""Shared pieces for the submission tests: form data, image files, a mail server that fails."""

import io
import struct
import uuid
import zlib

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.base import BaseEmailBackend
from PIL import Image

FAILING_MAILERS = {"default": {"BACKEND": "tests.submission_helpers.FailingEmailBackend"}}


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def form_data(choose=(), **overrides):
    data = {
        "name": "Ve-Golokuati Municipal Assembly",
        "kind": "district",
        "country": "GH",
        "locality": "Ve-Golokuati, Ghana",
        "description": "A municipal assembly in the Volta Region working on waste collection and recycling.",
        "website": "https://example.org",
        "clusters": [cluster.pk for cluster in choose],
        "contact_name": "Ama Mensah",
        "contact_email": "ama@example.org",
        "consent": "on",
        "fax_number": "",
        "form_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def solution_data(with_clusters=(), with_partners=(), rows=1, **overrides):
    """A valid good-practice form (submissions.forms.SolutionForm) with `rows` results as numbers."""
    data = {
        "title": "Clean minibuses for the Volta Region",
        "summary": "Keta replaced its oldest minibuses with clean ones and opened two bus lanes on the coast road.",
        "challenge": "Old minibuses filled the coast road with smoke.\n\nCommuters waited an hour.",
        "approach": "The assembly leased 40 clean minibuses to the drivers' union.",
        "results_text": "More people ride, and the air is cleaner.",
        "replication": "Start with the union.",
        "stage": "completed",
        "first_year": "2021",
        "last_year": "2023",
        "partners": ", ".join(partner.slug for partner in with_partners),
        "clusters": [cluster.pk for cluster in with_clusters],
        "targets": "11.2, 3.9",
        "consent": "on",
        "fax_number": "",
        "form_token": str(uuid.uuid4()),
        "results-TOTAL_FORMS": str(max(rows, 1)),
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "10",
    }
    for number in range(rows):
        data |= {
            f"results-{number}-indicator": f"Daily bus passengers {number + 1}",
            f"results-{number}-baseline": "12000",
            f"results-{number}-value": "18500.5",
            f"results-{number}-unit": "trips",
            f"results-{number}-year": "2023",
            f"results-{number}-source": "Keta transport office",
        }
    data.update(overrides)
    return data


def image_bytes(fmt="PNG", size=(64, 48), color=(200, 30, 30), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def upload(content, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_claiming(width, height):
    """A few bytes whose PNG header claims width × height pixels (a decompression bomb's shape)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
