from django.urls import include, path

app_name = "reporting"
# Rounds and reports (urls_rounds) and official documents (urls_documents) are kept apart.
urlpatterns = [
    path("", include("danvan.reporting.urls_rounds")),
    path("documents/", include("danvan.reporting.urls_documents")),
]
