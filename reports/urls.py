from django.urls import path

from core.registry import registry
from reports import views

app_name = "reports"

urlpatterns = [
    path("summary/", views.SummaryView.as_view(), name="summary"),
    path("summaryrun/<int:pk>/progress/", views.SummaryProgressView.as_view(), name="summary_progress"),
    path("summaryrun/<int:pk>/download/<str:fmt>/", views.SummaryDownloadView.as_view(), name="summary_download"),
    *registry.urlpatterns(app_name),
]
