import pytest

from core.roles import EDITORS, MODERATORS

from .factories import UserFactory


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
