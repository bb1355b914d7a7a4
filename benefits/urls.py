from benefits import views  # noqa: F401  (registers the pages)
from core.registry import registry

app_name = "benefits"
urlpatterns = registry.urlpatterns(app_name)
