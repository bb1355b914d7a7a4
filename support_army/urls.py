from core.registry import registry
from support_army import views  # noqa: F401  (registers the pages)

app_name = "support_army"
urlpatterns = registry.urlpatterns(app_name)
