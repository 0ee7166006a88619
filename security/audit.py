"""Who did what, when: staff sign-ins, sign-outs, failures, lockouts and every admin action.

Everything goes to the `cities_portal.audit` logger (the log line carries the time); admin
actions are also kept in Django's LogEntry table ("Recent actions", each object's history).
"""

import logging

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save

from .network import client_ip

logger = logging.getLogger("cities_portal.audit")

ACTIONS = {ADDITION: "add", CHANGE: "change", DELETION: "delete"}


def _ip(request):
    return client_ip(request) if request is not None else "-"


def on_logged_in(sender, request, user, **kwargs):
    from .middleware import start_session_clock

    if request is not None:
        start_session_clock(request)
    logger.info(
        "login succeeded: user=%s ip=%s staff=%s superuser=%s two_factor=%s",
        user.get_username(),
        _ip(request),
        user.is_staff,
        user.is_superuser,
        getattr(user, "otp_device", None) is not None,
    )


def on_logged_out(sender, request, user, **kwargs):
    logger.info("logout: user=%s ip=%s", user.get_username() if user else "-", _ip(request))


def on_login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` has the password already masked by Django; only the username is logged.
    logger.warning("login failed: username=%r ip=%s", credentials.get("username", ""), _ip(request))


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    logger.warning("login locked out: username=%r ip=%s", username, ip_address)


def on_admin_action(sender, instance, created, **kwargs):
    if not created:
        return
    content_type = instance.content_type
    logger.info(
        "admin %s: user=%s object=%s:%s %r %s",
        ACTIONS.get(instance.action_flag, instance.action_flag),
        instance.user.get_username() if instance.user_id else "-",
        f"{content_type.app_label}.{content_type.model}" if content_type else "-",
        instance.object_id,
        instance.object_repr,
        instance.get_change_message(),
    )


def connect():
    from axes.signals import user_locked_out

    user_logged_in.connect(on_logged_in, dispatch_uid="security.audit.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="security.audit.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="security.audit.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="security.audit.locked_out")
    post_save.connect(on_admin_action, sender=LogEntry, dispatch_uid="security.audit.admin_action")
