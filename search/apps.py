from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search and search engines"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .engine import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="search.sqlite_functions")
