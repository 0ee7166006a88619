"""TOTP two-factor authentication for staff (django-otp).

Superusers must have a confirmed authenticator; Editors and Moderators may add one, and once
they have, it is asked for at every sign-in.
"""

from base64 import b32encode

from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

SETUP_COMMAND = "python manage.py totp_device {username}"


def requires_two_factor(user):
    """Whether signing in (and using the back office) needs a code from an authenticator."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_requires_two_factor", None)
    if cached is None:
        cached = user.is_superuser or user_has_device(user, confirmed=True)
        user._requires_two_factor = cached
    return cached


def is_verified(user):
    """True when the user's sign-in was confirmed with a code (OTPMiddleware sets it up)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def verify(user, token):
    """The user's confirmed device that accepts `token`, or None."""
    token = "".join(str(token or "").split())
    if not token.isdigit() or len(token) > 8:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


def secret_base32(device):
    """The shared secret as an authenticator app asks for it when typed in by hand."""
    return b32encode(device.bin_key).decode().rstrip("=")


def pending_device(user):
    """The unconfirmed authenticator a staff user is setting up, created on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device
