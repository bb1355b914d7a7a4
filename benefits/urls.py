from django.urls import path

from benefits import (
    views,  # noqa: F401  (registers the pages)
    views_assist,
    views_batches,
)
from core.registry import registry

app_name = "benefits"
urlpatterns = registry.urlpatterns(app_name)
urlpatterns += views_batches.urlpatterns
urlpatterns += [  # 帮扶援助与经费 (views_assist)
    path("assist/attachment/<int:pk>/download/", views_assist.AttachmentDownloadView.as_view(),
         name="assist_attachment_download"),
    path("assist/funds/usage/", views_assist.FundUsageView.as_view(), name="assist_fund_usage"),
    path("assist/insurance/stages/", views_assist.InsuranceStagesView.as_view(), name="assist_insurance_stages"),
]
