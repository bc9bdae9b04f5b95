from django.urls import path

from danvan.documents import views

# Included at /reports/documents/ (the address users know) in the "documents" namespace.
app_name = "documents"
urlpatterns = [
    path("", views.document_form, name="document_form"),
    path("download/", views.document_download, name="document_download"),
]
