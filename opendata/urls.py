"""/data/, the open data page, in each language like the other pages."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [path("", views.index, name="index")]
