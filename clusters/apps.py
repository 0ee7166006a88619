from django.apps import AppConfig


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = "Clusters"

    def ready(self):
        from core.page_cache import watch

        from .models import Cluster, ClusterFigure

        # What public pages show of this app, and when they change with no save.
        watch([Cluster, ClusterFigure], schedule=Cluster.objects.next_publication)
