from django.urls import path

from core import views
from core.registry import registry

app_name = "core"

urlpatterns = [
    path("reveal/<str:label>/<str:pk>/<str:field>/", views.RevealView.as_view(), name="reveal"),
    path("import-errors/<str:token>/", views.ImportErrorDownloadView.as_view(), name="import_errors"),
    path("areas/autocomplete/", views.AreaAutocompleteView.as_view(), name="area_autocomplete"),
    path("autocomplete/<str:label>/", views.RecordAutocompleteView.as_view(), name="record_autocomplete"),
    *registry.urlpatterns(app_name),
]
