from django.apps import AppConfig


class SolutionsConfig(AppConfig):
    name = "solutions"
    verbose_name = "Good practices"

    def ready(self):
        from core.page_cache import watch

        from .models import Goal, Solution, SolutionLink, SolutionResult, Target

        # What public pages show of this app, and when they change with no save.
        watch([Solution, SolutionResult, SolutionLink, Goal, Target], schedule=Solution.objects.next_publication)
