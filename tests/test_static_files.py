"""Static files in production: hashed names, gzip and brotli copies, cached for good by browsers."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client


@pytest.fixture
def collected(settings, tmp_path):
    """collectstatic into a temporary STATIC_ROOT with the production storage, as `make serve` does."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Only the project's own folder (not the admin's hundreds of files): the same storage, in seconds.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def test_a_hashed_static_file_is_immutable_and_compressed(collected, db):
    url = static("css/site.css")
    assert url != "/static/css/site.css"  # hashed name
    name = url.removeprefix("/static/")
    assert (collected / f"{name}.br").exists()
    assert (collected / f"{name}.gz").exists()

    browser = Client()  # a new handler: whitenoise scans the new STATIC_ROOT
    brotli = browser.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert brotli.status_code == 200
    assert brotli["Content-Encoding"] == "br"
    control = brotli["Cache-Control"]
    assert "immutable" in control
    assert int(control.split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
    assert "Accept-Encoding" in brotli["Vary"]

    gzip = browser.get(url, headers={"accept-encoding": "gzip"})
    assert gzip["Content-Encoding"] == "gzip"
    plain = browser.get(url)
    assert not plain.has_header("Content-Encoding")
