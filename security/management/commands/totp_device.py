"""Give a staff user an authenticator (TOTP) device and print its setup key and otpauth:// link.

    python manage.py totp_device alice            # first device for alice
    python manage.py totp_device alice --replace  # lost phone: remove alice's devices, make a new one

Superusers cannot enter the back office without one; this is how the first one is made.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.two_factor import secret_base32

audit = logging.getLogger("cities_portal.audit")


class Command(BaseCommand):
    help = "Create a confirmed TOTP (authenticator app) device for a staff user and print how to add it."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Authenticator app", help="A label for the device.")
        parser.add_argument(
            "--replace", action="store_true", help="Remove the user's existing TOTP devices first (lost phone)."
        )

    def handle(self, username, name, replace, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user called {username!r}.") from None
        if not user.is_staff:
            raise CommandError(f"{username!r} is not a staff user; two-factor authentication is for staff.")

        with transaction.atomic():
            existing = TOTPDevice.objects.filter(user=user)
            if existing.filter(confirmed=True).exists() and not replace:
                raise CommandError(
                    f"{username!r} already has an authenticator. Use --replace to remove it and make a new one."
                )
            existing.delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)

        audit.info("two-factor device created: user=%s device=%s (management command)", username, device.persistent_id)
        self.stdout.write(f"Authenticator created for {username}.")
        self.stdout.write("Add it to an authenticator app (FreeOTP, Aegis, Google Authenticator, 1Password…):")
        self.stdout.write(f"  setup key (time-based, 6 digits, 30 s): {secret_base32(device)}")
        self.stdout.write(f"  or this link / QR code content: {device.config_url}")
        self.stdout.write("Then sign in at /admin/ with your password and the code the app shows.")
