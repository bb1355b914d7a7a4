from django.urls import path

from core.registry import registry
from placement import views

app_name = "placement"
urlpatterns = [
    path("quotas/overview/", views.QuotaOverviewView.as_view(), name="quota_overview"),
    path("returns/overview/", views.IntakeOverviewView.as_view(), name="intake_overview"),
    path("placementcase/<int:pk>/confirmation/", views.ConfirmationPrintView.as_view(), name="confirmation_print"),
    path("sunshinebatch/<int:pk>/final-list/", views.FinalListExportView.as_view(), name="final_list_export"),
    *registry.urlpatterns(app_name),
]
