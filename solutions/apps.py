from django.apps import AppConfig
from django.db.models.signals import post_migrate


def restore_reference_data(sender, using="default", **kwargs):
    """After `migrate` (which loaded it already: nothing to do) or a `flush` (as between transactional
    tests, which empties every table): the SDG goals and targets are there again."""
    from django.db import connections

    from .models import Goal, Target
    from .reference import load

    if Target._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the tables
    if not Target.objects.using(using).exists():
        load(Goal, Target, using)


class SolutionsConfig(AppConfig):
    name = "solutions"
    verbose_name = "Good practices"

    def ready(self):
        from core.page_cache import watch

        from .models import Goal, Solution, SolutionLink, SolutionResult, Target

        # What public pages show of this app, and when they change with no save.
        watch([Solution, SolutionResult, SolutionLink, Goal, Target], schedule=Solution.objects.next_publication)
        post_migrate.connect(restore_reference_data, sender=self, dispatch_uid="solutions.restore_reference_data")
