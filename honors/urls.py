from core.registry import registry
from honors import views  # noqa: F401  (registers the pages)

app_name = "honors"
urlpatterns = registry.urlpatterns(app_name)
