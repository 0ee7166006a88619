from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in_request, name="sign_in"),
    path("sign-in/sent/", views.sign_in_sent, name="sign_in_sent"),
    path("sign-in/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("sign-out/", views.sign_out_view, name="sign_out"),
    path("posts/new/", views.post_new, name="post_new"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/renew/", views.post_renew, name="post_renew"),
    path("posts/<int:pk>/state/", views.post_state, name="post_state"),
    path("posts/<int:pk>/outcome/", views.post_outcome, name="post_outcome"),
    path("submissions/<int:pk>/revise/", views.revise, name="revise"),
    path("interests/<int:pk>/", views.interest_detail, name="interest_detail"),
]
