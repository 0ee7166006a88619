from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The site as a whole: the home page, which shows every content app, and a worker's warm-up."""

    name = "portal"
    verbose_name = "Portal"
