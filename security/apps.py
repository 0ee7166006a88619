from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecurityConfig(AppConfig):
    default = True
    name = "security"
    verbose_name = "Security"

    def ready(self):
        from . import audit

        audit.connect()


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site: two-factor aware, audited."""

    default = False
    default_site = "security.admin_site.PortalAdminSite"
