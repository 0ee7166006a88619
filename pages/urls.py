from django.urls import path

from . import views

app_name = "pages"

# Last in the language prefix (cities_portal/urls.py): every other address is matched first.
urlpatterns = [
    path("<slug:slug>/", views.page_detail, name="detail"),
]
