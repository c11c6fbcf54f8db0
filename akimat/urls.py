from django.contrib import admin
from django.urls import include, path

from akimat.views import auth, base, calendar, errors, files, health, notifications

urlpatterns = [
    path("", base.home, name="home"),
    path("profile/", base.profile, name="profile"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", base.set_language, name="set_language"),
    # calendar
    path("calendar/", calendar.calendar_year, name="calendar"),
    path("calendar/deadline/", calendar.deadline_calculator, name="deadline_calculator"),
    # notifications
    path("notifications/", notifications.inbox, name="notifications"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
    path("notifications/read-all/", notifications.notifications_read_all, name="notifications_read_all"),
    path("files/<int:pk>/", files.attachment_download, name="attachment_download"),
    # the approval route of every subject: give a visa, awaiting my visa, overdue visas (issue #13 §2)
    path("approvals/", include("akimat.urls_approvals")),
    # modules
    path("correspondence/", include("correspondence.urls")),
    path("control/", include("control.urls")),
    path("meetings/", include("meetings.urls")),
    path("acts/", include("acts.urls")),
    path("appeals/", include("appeals.urls")),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
]
# No static() for MEDIA_URL, in development either: a stored file is served only by attachment_download,
# which checks that the user may see the object it belongs to (issue #11 point 2).

# error pages inside the layout, in the user's language, with the reason and a way back (issue #12 point 4)
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
