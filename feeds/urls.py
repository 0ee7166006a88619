from django.urls import path

from core.page_cache import cacheable

from . import views

app_name = "feeds"

urlpatterns = [
    path("feeds/news/", cacheable(views.NewsFeed()), name="news"),
    path("feeds/events.ics", views.events_ics, name="events"),
    path("clusters/<slug:slug>/feed/", cacheable(views.ClusterNewsFeed()), name="cluster"),
    path("solutions/feed/", cacheable(views.SolutionFeed()), name="solutions"),
    path("exchange/feed/", cacheable(views.ExchangeFeed()), name="exchange"),
]
