from django.urls import path

from . import views

app_name = "search"

# Inside the language prefix (/es/search/); the sitemaps and robots.txt are in crawler_urls.
urlpatterns = [
    path("search/", views.search, name="search"),
]
