from django.urls import path

from core import views
from core.registry import registry

app_name = "core"

urlpatterns = [
    path("reveal/<str:label>/<str:pk>/<str:field>/", views.RevealView.as_view(), name="reveal"),
    path("import-errors/<str:token>/", views.ImportErrorDownloadView.as_view(), name="import_errors"),
    path("ledger-jobs/<int:pk>/", views.LedgerJobView.as_view(), name="ledgerjob"),
    path("ledger-jobs/<int:pk>/progress/", views.LedgerJobProgressView.as_view(), name="ledgerjob_progress"),
    path("ledger-jobs/<int:pk>/download/", views.LedgerJobDownloadView.as_view(), name="ledgerjob_download"),
    path("areas/autocomplete/", views.AreaAutocompleteView.as_view(), name="area_autocomplete"),
    path("autocomplete/<str:label>/", views.RecordAutocompleteView.as_view(), name="record_autocomplete"),
    *registry.urlpatterns(app_name),
]
