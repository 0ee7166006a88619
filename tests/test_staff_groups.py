"""The staff groups survive a flush (as between transactional tests, or `manage.py flush`)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core.roles import EDITORS, MODERATORS


@pytest.mark.django_db(transaction=True)
def test_flush_brings_the_staff_groups_back_with_their_permissions():
    call_command("flush", interactive=False, verbosity=0)

    editors = Group.objects.get(name=EDITORS)
    moderators = Group.objects.get(name=MODERATORS)
    assert editors.permissions.filter(codename="change_member").exists()
    assert not editors.permissions.filter(codename="delete_member").exists()
    assert moderators.permissions.filter(codename="moderate_profilesubmission").exists()
