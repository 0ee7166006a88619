from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News"

    def ready(self):
        from core.page_cache import watch

        from .models import Article, Category

        # What public pages show of this app, and when they change with no save.
        watch([Article, Category], schedule=Article.objects.next_publication)
