"""Production settings for the two-instance test (tests/test_two_instances.py), with one change:
static files are found in the source folders, so the test needs no collectstatic."""

from cities_portal.settings.production import *  # noqa: F403
from cities_portal.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
