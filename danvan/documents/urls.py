from django.urls import path

from danvan.documents import views

# Included at /reports/documents/ (the address users know) in the "documents" namespace.
app_name = "documents"
urlpatterns = [
    path("", views.document_form, name="document_form"),
    path("download/", views.document_download, name="document_download"),
    path("issue/", views.document_issue, name="document_issue"),
    path("register/", views.IssuedDocumentListView.as_view(), name="issued_list"),
    path("issued/<int:pk>/", views.IssuedDocumentView.as_view(), name="issued_detail"),
    path("issued/<int:pk>/file/", views.IssuedFileView.as_view(), name="issued_file"),
    path("issued/<int:pk>/cancel/", views.IssuedCancelView.as_view(), name="issued_cancel"),
]
