"""The staff back office's AdminSite: two-factor aware sign-in and a self-service authenticator page."""

import logging

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import two_factor

audit = logging.getLogger("cities_portal.audit")


class StaffAuthenticationForm(AdminAuthenticationForm):
    """Username, password and — when the account has an authenticator or is a superuser — a code."""

    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=12,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
        help_text=_("The 6-digit code from your authenticator app, if two-factor authentication is on for you."),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "two_factor_missing": _(
            "Superuser accounts must use two-factor authentication, and this account has no authenticator "
            "app set up yet. Ask the site administrator, or run “%(command)s” on the server, add the key it "
            "prints to your authenticator app, then sign in with a code."
        ),
        "token_required": _("Enter the 6-digit code from your authenticator app."),
        "invalid_token": _(
            "That authentication code is not right, or it has expired. Enter the current code from your "
            "authenticator app (after several wrong codes, wait a little before trying again)."
        ),
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None:
            self.check_second_factor(user)
        return cleaned_data

    def check_second_factor(self, user):
        if not two_factor.requires_two_factor(user):
            return
        username = user.get_username()
        if not two_factor.user_has_device(user, confirmed=True):
            audit.warning("login refused: user=%s reason=superuser-without-two-factor", username)
            raise forms.ValidationError(
                self.error_messages["two_factor_missing"],
                code="two_factor_missing",
                params={"command": two_factor.SETUP_COMMAND.format(username=username)},
            )
        token = self.cleaned_data.get("otp_token")
        if not token:
            raise forms.ValidationError(self.error_messages["token_required"], code="token_required")
        device = two_factor.verify(user, token)
        if device is None:
            audit.warning("login failed: user=%s reason=wrong-two-factor-code", username)
            raise forms.ValidationError(self.error_messages["invalid_token"], code="invalid_token")
        # django-otp stores the device in the session when the login completes (user_logged_in).
        user.otp_device = device


class PortalAdminSite(admin.AdminSite):
    site_header = "South-South Cities Portal"
    site_title = "South-South Cities Portal admin"
    index_title = _("Back office")
    # The side list of every model costs a third of a 1,280 px screen; the breadcrumbs and the index lead there.
    enable_nav_sidebar = False
    login_form = StaffAuthenticationForm
    login_template = "security/admin_login.html"

    def index(self, request, extra_context=None):
        """The index opens with what needs attention: each ModelAdmin with a `needs_attention(request)`
        method gives its lines (what, how many, link) for this user; those at zero are left out."""
        admins = [self.get_model_admin(entry["model"]) for app in self.get_app_list(request) for entry in app["models"]]
        sources = [model_admin.needs_attention for model_admin in admins if hasattr(model_admin, "needs_attention")]
        # No panel at all for staff with nothing that could need them.
        attention = [line for source in sources for line in source(request) if line[1]] if sources else None
        return super().index(request, {"needs_attention": attention, **(extra_context or {})})

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        user = request.user
        return not two_factor.requires_two_factor(user) or two_factor.is_verified(user)

    def login(self, request, extra_context=None):
        user = request.user
        extra_context = {
            **(extra_context or {}),
            "two_factor_unverified": user.is_authenticated
            and user.is_active
            and user.is_staff
            and two_factor.requires_two_factor(user)
            and not two_factor.is_verified(user),
            "two_factor_command": two_factor.SETUP_COMMAND.format(username=user.get_username())
            if user.is_authenticated
            else "",
        }
        return super().login(request, extra_context)

    def get_urls(self):
        from . import views

        return [
            path("two-factor/", self.admin_view(views.two_factor_setup), name="two_factor"),
            *super().get_urls(),
        ]
