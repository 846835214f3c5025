from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from meetings.sitemaps import SITEMAPS as MEETING_SITEMAPS
from members.sitemaps import SITEMAPS as MEMBER_SITEMAPS
from services.sitemaps import SITEMAPS as SERVICE_SITEMAPS

from .sitemaps import PORTAL_SITEMAPS, robots_txt, sitemap_for
from .views import accounts, dashboard, manage, notifications, pages

account_patterns = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", accounts.register, name="register"),
    path("profile/", accounts.profile, name="profile"),
    path("password/", accounts.password_change, name="password_change"),
    path("users/", manage.user_list, name="user_list"),
    path("users/<int:pk>/", manage.user_edit, name="user_edit"),
]

urlpatterns = [
    path("", pages.home, name="home"),
    path("accounts/", include(account_patterns)),
    path("notices/", include("portal.notice_urls")),
    path(
        "sitemap.xml",
        sitemap_for({**PORTAL_SITEMAPS, **SERVICE_SITEMAPS, **MEMBER_SITEMAPS, **MEETING_SITEMAPS}),
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("privacy/", pages.privacy, name="privacy"),
    path("healthz", pages.healthz, name="healthz"),
    path("bench-floor", pages.bench_floor, name="bench_floor"),
    path("prefs/elderly/", pages.toggle_elderly, name="toggle_elderly"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification_read_all"),
    path("audit/", manage.audit_log, name="audit_log"),
    path("open/", dashboard.open_dashboard, name="open_dashboard"),
    path("work/", dashboard.work, name="work"),
    path("members/", include("members.urls")),
    path("meetings/", include("meetings.urls")),
    path("services/", include("services.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "portal.views.pages.error_403"
handler404 = "portal.views.pages.error_404"
handler500 = "portal.views.pages.error_500"
