from django.urls import path

from danvan.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.AdminUnitListView.as_view(), name="unit_list"),
    path("<int:pk>/", views.AdminUnitDetailView.as_view(), name="unit_detail"),
]
