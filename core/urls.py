from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("reveal/<str:label>/<str:pk>/<str:field>/", views.RevealView.as_view(), name="reveal"),
    path("import-errors/<str:token>/", views.ImportErrorDownloadView.as_view(), name="import_errors"),
    path("areas/autocomplete/", views.AreaAutocompleteView.as_view(), name="area_autocomplete"),
]
for viewset in (views.ServiceStationViews, views.StationInspectionViews, views.StationTrainingViews,
                views.AreaViews, views.UserViews, views.AccessLogViews):
    urlpatterns += viewset.urls()
