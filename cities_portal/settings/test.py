"""The test suite: fast hashing, local-memory cache, in-memory email, media in a temp folder."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-that-is-long-enough-for-django-checks-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SITE_URL = "http://127.0.0.1:8000"  # tests/test_urls.py turns it off to see links follow the request
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run as soon as they are enqueued (after commit), so email lands in mail.outbox; the
# durability tests switch to the database backend and run the worker themselves.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STATIC_ROOT = None  # tests find static files through the finders, nothing is collected
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = tempfile.mkdtemp(prefix="ssc-test-media-")
SERVE_MEDIA = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
