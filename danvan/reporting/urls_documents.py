from django.urls import path

from danvan.reporting.documents import views

# Included at /reports/documents/ in the "reporting" namespace.
urlpatterns = [
    path("", views.document_form, name="document_form"),
    path("download/", views.document_download, name="document_download"),
]
