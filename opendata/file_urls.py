"""The descriptor and the files, outside the language prefix like the API: one address per file, whose
text is in English unless `?lang=` asks for another language."""

from django.urls import path

from . import views

app_name = "opendata_files"

urlpatterns = [
    path("datapackage.json", views.datapackage, name="datapackage"),
    path("<slug:name>.<slug:fmt>", views.download, name="file"),
]
