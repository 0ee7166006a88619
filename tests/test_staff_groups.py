"""The staff groups survive `manage.py flush` (as in every database-resetting test), not only `migrate`."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core.roles import EDITORS, MODERATORS


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_the_staff_groups_with_their_permissions():
    call_command("flush", interactive=False, verbosity=0)

    moderators = Group.objects.get(name=MODERATORS)
    assert "moderate_profilesubmission" in moderators.permissions.values_list("codename", flat=True)
    assert Group.objects.get(name=EDITORS).permissions.filter(codename="change_article").exists()
