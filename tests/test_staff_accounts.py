"""Staff accounts: login throttling, passwords, session rotation and timeouts, two-factor, audit log."""

import logging
import re
import time

import pytest
import segno
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.publishing import Status
from core.roles import EDITORS
from members.models import Member
from security.middleware import LAST_SEEN_KEY, STARTED_KEY

from .factories import MemberFactory, UserFactory

PASSWORD = "a-long-test-password"
LOGIN = "/admin/login/?next=/admin/"


def staff(**kwargs):
    user = UserFactory(**kwargs)
    user.set_password(PASSWORD)
    user.save()
    return user


def current_code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def sign_in(client, user, password=PASSWORD, code=None):
    data = {"username": user.username, "password": password, "next": "/admin/"}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data)


def is_signed_in(client):
    return client.get("/admin/").status_code == 200


# --- Login throttling -------------------------------------------------------------------------


def test_the_throttling_backend_comes_first():
    assert settings.AUTHENTICATION_BACKENDS[0] == "security.auth.AxesBackend"
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_out_with_a_clear_429(client, caplog):
    user = staff()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, user, password="wrong-password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    with caplog.at_level(logging.INFO, logger="cities_portal.audit"):
        response = sign_in(client, user, password="wrong-password")
    assert response.status_code == 429
    assert "Sign-in temporarily blocked" in response.text
    assert "try again in 15 minutes" in response.text
    assert response["Retry-After"] == "900"
    assert f"login locked out: username='{user.username}'" in caplog.text

    # Even the right password is refused while locked out, and nothing is signed in.
    response = sign_in(client, user)
    assert response.status_code == 429
    assert not is_signed_in(client)
    assert AccessAttempt.objects.get(username=user.username).failures_since_start >= settings.AXES_FAILURE_LIMIT


@pytest.mark.django_db
def test_a_lockout_is_for_that_username_only(client):
    victim, colleague = staff(), staff()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, victim, password="wrong-password")
    assert sign_in(client, colleague).status_code == 302


@pytest.mark.django_db
def test_a_correct_sign_in_resets_the_failure_count(client):
    user = staff()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, user, password="wrong-password")
    assert sign_in(client, user).status_code == 302
    client.post("/admin/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, user, password="wrong-password")
    assert sign_in(client, user).status_code == 302


@pytest.mark.django_db
def test_tests_and_code_that_log_in_without_a_request_still_work(client):
    user = staff(groups=[EDITORS])
    assert client.login(username=user.username, password=PASSWORD)
    assert is_signed_in(client)


# --- Passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["password1234", "qwertyuiop123", "123456789012", "short"])
def test_weak_and_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("ochre-heron-lantern-47")


@pytest.mark.django_db
def test_the_admin_refuses_a_common_password_with_a_message(admin_client_verified):
    client, _ = admin_client_verified
    user = staff()
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "password12345", "password2": "password12345", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- Sessions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signing_in_gives_a_new_session_key(client):
    user = staff()
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before

    assert sign_in(client, user).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert Session.objects.get(session_key=after).get_decoded()[SESSION_KEY] == str(user.pk)


def age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": STARTED_KEY, "last_seen": LAST_SEEN_KEY}[key]] = now - ago
    session.save()


@pytest.mark.django_db
def test_staff_are_signed_out_after_30_idle_minutes(editor_client, caplog):
    age_session(editor_client, started=3600, last_seen=31 * 60)
    with caplog.at_level(logging.INFO, logger="cities_portal.audit"):
        response = editor_client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/login/")
    assert "signed out after 30 minutes without activity" in response.text
    assert "timeout=idle" in caplog.text
    assert not is_signed_in(editor_client)


@pytest.mark.django_db
def test_staff_are_signed_out_12_hours_after_signing_in_even_when_active(editor_client):
    age_session(editor_client, started=12 * 3600 + 60, last_seen=10)
    response = editor_client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/login/")
    assert "sessions end 12 hours after signing in" in response.text
    assert not is_signed_in(editor_client)


@pytest.mark.django_db
def test_an_active_staff_session_stays_open_and_records_activity(editor_client):
    age_session(editor_client, started=6 * 3600, last_seen=29 * 60)
    assert is_signed_in(editor_client)
    assert int(time.time()) - editor_client.session[LAST_SEEN_KEY] < 60
    assert is_signed_in(editor_client)


@pytest.mark.django_db
def test_visitors_without_a_session_pay_no_query_for_the_timeouts(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        # An address nothing matches (one segment would reach the staff pages' view, which asks the database).
        assert client.get("/no/such-page/").status_code == 404


# --- Two-factor authentication ----------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return staff(is_superuser=True, username="chief")


@pytest.fixture
def admin_client_verified(client, superuser):
    """A superuser signed in with a password and a code, as the admin requires."""
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    assert sign_in(client, superuser, code=current_code(device)).status_code == 302
    return client, device


@pytest.mark.django_db
def test_a_superuser_without_an_authenticator_is_refused_with_the_setup_command(client, superuser, caplog):
    with caplog.at_level(logging.INFO, logger="cities_portal.audit"):
        response = sign_in(client, superuser)
    assert response.status_code == 200
    assert "Superuser accounts must use two-factor authentication" in response.text
    assert "python manage.py totp_device chief" in response.text
    assert "reason=superuser-without-two-factor" in caplog.text
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_a_superuser_signed_in_without_a_code_cannot_use_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/admin/login/")
    assert "must confirm each sign-in with a code" in response.text
    assert "python manage.py totp_device chief" in response.text


@pytest.mark.django_db
def test_a_superuser_with_an_authenticator_needs_the_current_code(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)

    response = sign_in(client, superuser)
    assert "Enter the 6-digit code from your authenticator app." in response.text
    response = sign_in(client, superuser, code=f"{(int(current_code(device)) + 1) % 1_000_000:06d}")
    assert "That authentication code is not right" in response.text
    assert not is_signed_in(client)

    device.refresh_from_db()
    device.throttle_reset()
    response = sign_in(client, superuser, code=current_code(device))
    assert response.status_code == 302
    assert is_signed_in(client)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(client, superuser):
    device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    code = current_code(device)
    assert sign_in(client, superuser, code=code).status_code == 302
    client.post("/admin/logout/")
    response = sign_in(client, superuser, code=code)
    assert "That authentication code is not right" in response.text


@pytest.mark.django_db
def test_an_editor_without_an_authenticator_signs_in_with_a_password(client):
    editor = staff(groups=[EDITORS])
    assert sign_in(client, editor).status_code == 302
    assert is_signed_in(client)


@pytest.mark.django_db
def test_an_editor_can_turn_on_two_factor_and_is_then_asked_for_a_code(editor_client, editor, caplog):
    page = editor_client.get(reverse("admin:two_factor"))
    assert page.status_code == 200
    secret = re.search(r'<code class="ssc-secret">([A-Z2-7]+)</code>', page.text).group(1)
    assert "otpauth://totp/South-South%20Cities%20Portal%3A" in page.text
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    assert len(secret) == 32

    response = editor_client.post(reverse("admin:two_factor"), {"otp_token": "000000"})
    assert "That code is not right" in response.text
    device.refresh_from_db()
    device.throttle_reset()
    with caplog.at_level(logging.INFO, logger="cities_portal.audit"):
        response = editor_client.post(reverse("admin:two_factor"), {"otp_token": current_code(device)}, follow=True)
    assert "Two-factor authentication is on" in response.text
    assert f"two-factor enabled: user={editor.username}" in caplog.text
    device.refresh_from_db()
    assert device.confirmed

    editor.set_password(PASSWORD)
    editor.save()
    editor_client.post("/admin/logout/")
    assert "Enter the 6-digit code" in sign_in(editor_client, editor).text
    assert not is_signed_in(editor_client)


@pytest.mark.django_db
def test_the_command_creates_an_authenticator_and_prints_its_link(superuser, capsys, client):
    call_command("totp_device", "chief")
    output = capsys.readouterr().out
    assert "otpauth://totp/South-South%20Cities%20Portal%3Achief?secret=" in output
    device = TOTPDevice.objects.get(user=superuser)
    assert device.confirmed
    assert sign_in(client, superuser, code=current_code(device)).status_code == 302

    with pytest.raises(CommandError, match="already has an authenticator"):
        call_command("totp_device", "chief")
    call_command("totp_device", "chief", "--replace")
    assert TOTPDevice.objects.filter(user=superuser).count() == 1
    assert TOTPDevice.objects.get(user=superuser).pk != device.pk


@pytest.mark.django_db
def test_the_command_refuses_unknown_and_non_staff_users():
    UserFactory(username="visitor", is_staff=False)
    with pytest.raises(CommandError, match="No user called 'ghost'"):
        call_command("totp_device", "ghost")
    with pytest.raises(CommandError, match="not a staff user"):
        call_command("totp_device", "visitor")


# --- Audit log --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_ins_and_failures_are_logged_with_who_and_where(client, caplog):
    user = staff()
    with caplog.at_level(logging.INFO, logger="cities_portal.audit"):
        sign_in(client, user, password="wrong-password")
        sign_in(client, user)
        client.post("/admin/logout/")
    lines = [r.getMessage() for r in caplog.records if r.name == "cities_portal.audit"]
    assert f"login failed: username='{user.username}' ip=127.0.0.1" in lines
    assert any(line.startswith(f"login succeeded: user={user.username} ip=127.0.0.1 staff=True") for line in lines)
    assert f"logout: user={user.username} ip=127.0.0.1" in lines
    assert PASSWORD not in caplog.text
    assert all(record.created for record in caplog.records)  # every line carries its time


@pytest.mark.django_db
def test_admin_changes_are_logged_with_who_and_what(editor_client, editor, caplog):
    member = MemberFactory(name="Old name")
    with caplog.at_level(logging.INFO, logger="cities_portal.audit"):
        response = editor_client.post(
            reverse("admin:members_member_changelist"),
            {"action": "make_draft", "_selected_action": [member.pk]},
        )
    assert response.status_code == 302
    assert Member.objects.get().status == Status.DRAFT
    assert f"admin unpublish: user={editor.username} object=members.member:{member.pk}" in caplog.text
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.action_flag) == (editor, str(member.pk), 2)


@pytest.mark.django_db
def test_a_saved_admin_form_is_logged(editor_client, editor, caplog):
    from .test_admin import member_form

    with caplog.at_level(logging.INFO, logger="cities_portal.audit"):
        response = editor_client.post(reverse("admin:members_member_add"), member_form())
    assert response.status_code == 302
    member = Member.objects.get()
    assert f"admin add: user={editor.username} object=members.member:{member.pk} 'Ve-Golokuati'" in caplog.text


def test_the_two_factor_page_draws_the_setup_link_as_a_qr_code(editor_client, editor):
    page = editor_client.get(reverse("admin:two_factor"))
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    expected = segno.make(device.config_url, error="m")
    assert '<svg role="img"' in page.text
    assert "<title>QR code of the setup link</title>" in page.text
    # The path drawn is the QR code of this editor's own pending device, not of anything else.
    drawn_path = page.text.split('class="qrline"')[1].split(' d="')[1].split('"')[0]
    assert drawn_path in expected.svg_inline(scale=4, border=4)
