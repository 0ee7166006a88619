"""Resized variants (core/images.py, django-imagekit) follow their source image."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from members.models import Member

from .factories import MemberFactory
from .submission_helpers import image_bytes

RED, BLUE = (200, 30, 30), (20, 60, 200)


def colour_of(name):
    with default_storage.open(name) as stored, Image.open(io.BytesIO(stored.read())) as image:
        return image.convert("RGB").getpixel((image.width // 2, image.height // 2))


def close(colour, expected):
    return all(abs(a - b) <= 12 for a, b in zip(colour, expected, strict=True))


@pytest.mark.django_db
def test_a_logo_replaced_on_a_member_read_from_the_database_gets_a_new_variant_on_save():
    member = MemberFactory(slug="quito")
    member.logo.save("first.png", ContentFile(image_bytes("PNG", (300, 200), color=RED)))
    first = member.logo_card.name
    assert default_storage.exists(first)  # written when the member was saved, before any page asks

    member = Member.objects.get(pk=member.pk)
    member.logo.save("second.png", ContentFile(image_bytes("PNG", (300, 200), color=BLUE)))

    second = member.logo_card.name
    assert second != first
    assert member.logo_card.url == f"/media/{second}"  # the address follows the new file at once
    assert default_storage.exists(second)
    assert close(colour_of(second), BLUE)
    assert close(colour_of(first), RED)


@pytest.mark.django_db
def test_a_variants_address_is_where_its_file_is_and_follows_the_media_address(settings):
    member = MemberFactory(slug="quito")
    # Not "logo.png": imagekit remembers in the cache which variants exist, by name, and the S3 test
    # writes one of that name to another storage.
    member.logo.save("badge.png", ContentFile(image_bytes("PNG", (300, 200), color=RED)))
    member = Member.objects.get(pk=member.pk)

    assert member.logo_card.url == f"/media/{member.logo_card.name}"
    assert member.thumbnail.url != member.logo_card.url
    assert bool(member.logo_card) and str(member.logo_card) == member.logo_card.name
    settings.MEDIA_URL = "https://media.example.org/"
    assert member.logo_card.url == f"https://media.example.org/{member.logo_card.name}"


@pytest.mark.django_db
def test_a_member_without_a_logo_has_an_empty_variant():
    member = MemberFactory(slug="quito")

    assert not member.logo_card  # templates and the API test this before asking for an address
