from django.apps import AppConfig
from django.db.models.signals import post_migrate


def restore_reference_data(sender, using="default", **kwargs):
    """After `migrate` or a `flush` (as between transactional tests): one row per format and per
    working language, as migrations/0002 loads them."""
    from django.db import connections

    from .models import Format, WorkingLanguage
    from .reference import load

    if Format._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the tables
    if not Format.objects.using(using).exists():
        load(Format, WorkingLanguage, using)


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = "Partnership exchange"

    def ready(self):
        from core.page_cache import watch

        from .models import Post

        # What public pages show of this app, and when they change with no save (a post's expiry).
        watch([Post], schedule=Post.objects.next_change)
        post_migrate.connect(restore_reference_data, sender=self, dispatch_uid="exchange.restore_reference_data")
