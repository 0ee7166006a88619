from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`load_demo`) and synthetic data at scale (`generate_scale_data`)."""

    name = "demo"
    verbose_name = "Demo data"
