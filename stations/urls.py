from core.registry import registry
from stations import views  # noqa: F401  (registers the pages)

app_name = "stations"
urlpatterns = registry.urlpatterns(app_name)
