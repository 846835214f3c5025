from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import exports
from .sitemaps import robots_txt, sitemap
from .views import accounts, dashboard, manage, notifications, pages

account_patterns = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", accounts.login_code, name="login_code"),
    path("register/", accounts.register, name="register"),
    path("register/verify/", accounts.register_verify, name="register_verify"),
    path("verify/", accounts.verify_phone, name="verify_phone"),
    path("profile/", accounts.profile, name="profile"),
    path("password/", accounts.password_change, name="password_change"),
    path("password/forgot/", accounts.password_forgot, name="password_forgot"),
    path("password/reset/", accounts.password_reset, name="password_reset"),
    path("password/slip/", accounts.password_slip, name="password_slip"),
    path("my-data/", accounts.my_data, name="my_data"),
    path("close/", accounts.close_account, name="close_account"),
    path("users/", manage.user_list, name="user_list"),
    path("users/<int:pk>/", manage.user_edit, name="user_edit"),
    path("users/<int:pk>/desk/", manage.user_desk, name="user_desk"),
    path("users/<int:pk>/desk/verify/", manage.user_desk_verify, name="user_desk_verify"),
    path("users/<int:pk>/desk/slip/", manage.user_desk_slip, name="user_desk_slip"),
    path("outbox/", manage.outbox_list, name="outbox_list"),
]

urlpatterns = [
    path("", pages.home, name="home"),
    path("accounts/", include(account_patterns)),
    path("notices/", include("notices.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("privacy/", pages.privacy, name="privacy"),
    path("healthz", pages.healthz, name="healthz"),
    path("prefs/elderly/", pages.toggle_elderly, name="toggle_elderly"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", notifications.notification_read_all, name="notification_read_all"),
    path("audit/", manage.audit_log, name="audit_log"),
    path("exports/<str:token>/", exports.download, name="export_download"),
    path("open/", dashboard.open_dashboard, name="open_dashboard"),
    path("work/", dashboard.work, name="work"),
    path("work/calendar/", include("services.calendar_urls")),
    path("members/", include("members.urls")),
    path("meetings/", include("meetings.urls")),
    path("services/", include("services.urls")),
    path("open311/v2/", include("services.open311.urls")),
    path("households/", include("households.urls")),
    path("admin/", admin.site.urls),
]

if apps.is_installed("devtools"):
    urlpatterns.append(path("", include("devtools.urls")))

handler403 = "portal.views.pages.error_403"
handler404 = "portal.views.pages.error_404"
handler500 = "portal.views.pages.error_500"
