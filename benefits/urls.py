from benefits import views  # noqa: F401  (registers the pages)
from benefits import views_batches  # noqa: F401  (年度确认 and payment batches)
from core.registry import registry

app_name = "benefits"
urlpatterns = registry.urlpatterns(app_name)
urlpatterns += views_batches.urlpatterns
