from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import otp
from core import views as core_views
from core.registry import SECTION_PATHS

urlpatterns = [
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path("otp/setup/", otp.SetupView.as_view(), name="otp_setup"),
    path("otp/verify/", otp.VerifyView.as_view(), name="otp_verify"),
    path("", core_views.HomeView.as_view(), name="home"),
    # Each section's page, before the apps' own URLs under the same prefix.
    *[path(prefix, core_views.SectionView.as_view(section=key), name=f"section_{key}") for key, prefix in SECTION_PATHS.items()],
    path("core/", include("core.urls")),
    path("stations/", include("stations.urls")),
    path("veterans/", include("veterans.urls")),
    path("benefits/", include("benefits.urls")),
    path("petitions/", include("petitions.urls")),
    path("placement/", include("placement.urls")),
    path("honors/", include("honors.urls")),
    path("support_army/", include("support_army.urls")),
    path("reports/", include("reports.urls")),
]
# Each app's URLs come from the declarations in its views.py (core.generic.ModelViews.urls).
