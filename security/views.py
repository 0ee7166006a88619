"""Staff self-service: turn on two-factor authentication with an authenticator app."""

import logging

import segno
from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login

from . import two_factor

audit = logging.getLogger("cities_portal.audit")


class ConfirmDeviceForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
    )


def setup_qr_code(config_url):
    """The otpauth:// link as an inline SVG QR code: drawn here, so the secret never leaves the server."""
    svg = segno.make(config_url, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", title=gettext("QR code of the setup link")
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 (segno's own markup; data is encoded)


def two_factor_setup(request):
    user = request.user
    context = {
        **admin.site.each_context(request),
        "title": _("Two-factor authentication"),
        "subtitle": None,
    }
    if two_factor.user_has_device(user, confirmed=True):
        context["enabled"] = True
        return TemplateResponse(request, "security/two_factor.html", context)

    device = two_factor.pending_device(user)
    form = ConfirmDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = "".join(form.cleaned_data["otp_token"].split())
        if token.isdigit() and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit.info("two-factor enabled: user=%s device=%s", user.get_username(), device.persistent_id)
            messages.success(
                request, _("Two-factor authentication is on. From now on, sign in with a code from your app.")
            )
            return redirect("admin:index")
        form.add_error("otp_token", _("That code is not right. Check the time on your phone and try the new code."))
    context.update(
        {
            "enabled": False,
            "form": form,
            "secret": two_factor.secret_base32(device),
            "config_url": device.config_url,
            "qr_code": setup_qr_code(device.config_url),
        }
    )
    return TemplateResponse(request, "security/two_factor.html", context)
