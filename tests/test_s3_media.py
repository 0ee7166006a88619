"""Media on S3-compatible object storage (django-storages), against moto's S3 server on loopback."""

import io
import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from moto.server import ThreadedMotoServer
from PIL import Image

from .factories import MemberFactory
from .submission_helpers import image_bytes

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "portal-media"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def free_port(first=8150, last=8199):
    for port in range(first, last + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 8150-8199 for the S3 server")


@pytest.fixture
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    # What docs/deployment.md asks of a real bucket: anyone may read objects, only the portal writes.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3_media(settings, s3_endpoint):
    endpoint, client = s3_endpoint
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "addressing_style": "path",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    return endpoint, client


@pytest.mark.django_db
def test_a_member_logo_lands_in_the_bucket_and_the_public_page_shows_it(client, s3_media):
    endpoint, s3 = s3_media
    original = image_bytes("PNG", (300, 200), color=(20, 120, 200))
    member = MemberFactory(slug="quito")
    member.logo.save("logo.png", ContentFile(original))

    stored = s3.get_object(Bucket=BUCKET, Key=member.logo.name)["Body"].read()
    assert stored == original

    page = client.get("/members/quito/").text
    src = re.search(r'<img class="profile__logo" src="([^"]+)"', page).group(1)
    assert src.startswith(f"{endpoint}/{BUCKET}/")  # served by the object store, not by Django
    with urllib.request.urlopen(src, timeout=10) as answer:  # noqa: S310 - loopback test server
        variant = answer.read()
    key = src.removeprefix(f"{endpoint}/{BUCKET}/")
    assert variant == s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    with Image.open(io.BytesIO(variant)) as image:
        assert max(image.size) <= 160  # the resized variant imagekit wrote to the bucket, not the original


def test_the_environment_selects_s3_and_opens_the_csp_to_the_media_origin():
    env = {
        **os.environ,
        "MEDIA_S3_BUCKET": "portal-media",
        "MEDIA_S3_ENDPOINT_URL": "https://objects.example.org:9000/",
        "MEDIA_S3_REGION": "eu-west-1",
        "MEDIA_S3_ACCESS_KEY_ID": "key",
        "MEDIA_S3_SECRET_ACCESS_KEY": "secret",
    }
    script = (
        "import json; from cities_portal.settings import base as s; "
        "print(json.dumps({'storage': s.STORAGES['default'], 'img': s.SECURE_CSP['img-src']}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    found = json.loads(result.stdout)
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert found["storage"]["OPTIONS"]["bucket_name"] == "portal-media"
    assert found["storage"]["OPTIONS"]["endpoint_url"] == "https://objects.example.org:9000"
    assert "https://objects.example.org:9000" in found["img"]

    env["MEDIA_S3_CUSTOM_DOMAIN"] = "media.example.org"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    assert "https://media.example.org" in json.loads(result.stdout)["img"]
