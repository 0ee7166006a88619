from django.urls import path

from . import views

app_name = "submissions"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("received/<str:token>/", views.received, name="received"),
    path("update/<slug:slug>/", views.request_update, name="request_update"),
    path("update/<slug:slug>/sent/", views.update_link_sent, name="update_link_sent"),
    path("solution/<slug:slug>/", views.request_solution_link, name="request_solution_link"),
    path("solution/<slug:slug>/sent/", views.solution_link_sent, name="solution_link_sent"),
    path("edit/<str:token>/", views.edit, name="edit"),
]
