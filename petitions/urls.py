from core.registry import registry
from petitions import views  # noqa: F401  (registers the pages)

app_name = "petitions"
urlpatterns = registry.urlpatterns(app_name)
