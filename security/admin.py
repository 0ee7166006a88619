"""The technical sections of the back office (sign-in attempts, second-factor devices, background
tasks) are for superusers only: an Editor or a Moderator neither sees them nor opens them, whatever
permissions a group is given by hand.

Each library registers its own ModelAdmin; this app comes after them in INSTALLED_APPS, so its admin
module registers each model again with the same ModelAdmin limited to superusers.
"""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered

TECHNICAL = [
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
    "otp_totp.TOTPDevice",
    "django_tasks_database.DBTaskResult",
]


class SuperusersOnly:
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


def _limit_to_superusers():
    from django.apps import apps

    for label in TECHNICAL:
        model = apps.get_model(label)
        try:
            library_admin = type(admin.site.get_model_admin(model))
        except NotRegistered:  # the library's admin is turned off (AXES_ENABLE_ADMIN)
            continue
        admin.site.unregister(model)
        limited = type(library_admin.__name__, (SuperusersOnly, library_admin), {"__module__": __name__})
        admin.site.register(model, limited)


_limit_to_superusers()
