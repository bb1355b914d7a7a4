from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views

urlpatterns = [
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", core_views.PasswordChangeView.as_view(), name="password_change"),
    path("", core_views.HomeView.as_view(), name="home"),
    path("core/", include("core.urls")),
    path("veterans/", include("veterans.urls")),
    path("reports/", include("reports.urls")),
]
# Each app's URLs come from the declarations in its views.py (core.generic.ModelViews.urls).
