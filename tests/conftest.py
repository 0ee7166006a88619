import pytest
from django.core.cache import cache
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import EDITORS, MODERATORS

from .factories import UserFactory


@pytest.fixture(autouse=True)
def english_while_building(settings):
    """Every test starts with English active, whatever an earlier test in this worker left active:
    rows built in another language would put their text in that language's columns
    (django-modeltranslation), not in the English source ones."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with nothing cached, as a server does after a release."""
    cache.clear()


@pytest.fixture
def unreachable_redis(settings):
    """A Redis cache at a loopback port where nothing listens."""
    before = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    yield
    settings.CACHES = before


@pytest.fixture
def editor(db):
    return UserFactory(groups=[EDITORS])


@pytest.fixture
def moderator(db):
    return UserFactory(groups=[MODERATORS])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def sign_in_verified(client, user):
    """Sign `user` in as if they had also given a TOTP code (the admin requires one of superusers)."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
