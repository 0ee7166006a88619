from django.urls import path

from . import remind_views, views

app_name = "subscriptions"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("preferences/<str:token>/data.json", views.download, name="download"),
    path("preferences/<str:token>/delete/", views.delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("remind/<slug:slug>/", remind_views.remind, name="remind"),
]
