from django.urls import path

from . import interest, views

app_name = "exchange"

urlpatterns = [
    path("", views.post_list, name="list"),
    path("<slug:slug>/", views.post_detail, name="detail"),
    path("<slug:slug>/interest/", interest.express_interest, name="interest"),
    path("<slug:slug>/interest/sent/", interest.interest_sent, name="interest_sent"),
]
