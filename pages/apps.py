from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Pages"

    def ready(self):
        from core.page_cache import watch

        from .models import Page

        # Every public page's footer links here, and the page itself shows it.
        watch([Page], schedule=Page.objects.next_publication)
