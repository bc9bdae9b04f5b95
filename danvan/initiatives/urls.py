from django.urls import path

from danvan.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("initiatives/", views.InitiativeListView.as_view(), name="initiative_list"),
    path("initiatives/add/", views.InitiativeEditView.as_view(), name="initiative_add"),
    path("initiatives/<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path("initiatives/<int:pk>/edit/", views.InitiativeEditView.as_view(), name="initiative_edit"),
    path("initiatives/<int:pk>/delete/", views.InitiativeDeleteView.as_view(), name="initiative_delete"),
    path("initiatives/<int:pk>/restore/", views.InitiativeRestoreView.as_view(), name="initiative_restore"),
    path("initiatives/<int:pk>/transition/", views.InitiativeTransitionView.as_view(), name="initiative_transition"),
    path("initiatives/<int:pk>/progress/", views.InitiativeProgressView.as_view(), name="initiative_progress"),
    path("initiatives/<int:pk>/indicators/", views.InitiativeIndicatorView.as_view(), name="initiative_indicator_add"),
    path("exemplars/", views.ExemplarListView.as_view(), name="exemplar_list"),
    path("exemplars/add/", views.ExemplarEditView.as_view(), name="exemplar_add"),
    path("exemplars/<int:pk>/", views.ExemplarDetailView.as_view(), name="exemplar_detail"),
    path("exemplars/<int:pk>/edit/", views.ExemplarEditView.as_view(), name="exemplar_edit"),
    path("exemplars/<int:pk>/delete/", views.ExemplarDeleteView.as_view(), name="exemplar_delete"),
    path("exemplars/<int:pk>/restore/", views.ExemplarRestoreView.as_view(), name="exemplar_restore"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("evidence/<int:pk>/photo/", views.EvidenceDownloadView.as_view(inline=True), name="evidence_photo"),
    path("exemplar-evidence/<int:pk>/", views.ExemplarEvidenceDownloadView.as_view(),
         name="exemplar_evidence_download"),
    path("exemplar-evidence/<int:pk>/photo/", views.ExemplarEvidenceDownloadView.as_view(inline=True),
         name="exemplar_evidence_photo"),
]
