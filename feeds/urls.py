from django.urls import path

from . import views

app_name = "feeds"

urlpatterns = [
    path("feeds/news/", views.NewsFeed(), name="news"),
    path("feeds/events.ics", views.events_ics, name="events"),
    path("clusters/<slug:slug>/feed/", views.ClusterNewsFeed(), name="cluster"),
]
