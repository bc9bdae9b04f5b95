from django.urls import include, path

app_name = "reporting"
# Rounds and reports; official documents are their own app (danvan.documents), mounted at /reports/documents/.
urlpatterns = [
    path("", include("danvan.reporting.urls_rounds")),
]
