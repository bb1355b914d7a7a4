from core.registry import registry
from veterans import views  # noqa: F401  (registers the pages)

app_name = "veterans"
urlpatterns = registry.urlpatterns(app_name)
