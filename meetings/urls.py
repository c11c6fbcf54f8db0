from django.urls import path

from meetings.views import calendar as calendar_views  # issue #14 §1
from meetings.views import (
    documents,  # issue #14 §2, §4
    meetings,
    protocols,
    timeliness,  # issue #14 §5
)

app_name = "meetings"
urlpatterns = [
    path("", meetings.index, name="index"),
    path("new/", meetings.create, name="create"),
    path("<int:pk>/", meetings.meeting_page, name="meeting"),
    path("<int:pk>/edit/", meetings.edit, name="edit"),
    path("<int:pk>/cancel/", meetings.cancel, name="cancel"),
    path("<int:pk>/send-agenda/", meetings.send_agenda, name="send_agenda"),
    path("<int:pk>/items/new/", meetings.item_add, name="item_add"),
    path("<int:pk>/items/<int:item>/", meetings.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item>/remove/", meetings.item_remove, name="item_remove"),
    path("<int:pk>/materials/new/", meetings.material_add, name="material_add"),
    path("<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("<int:pk>/vote/", meetings.vote, name="vote"),
    path("<int:pk>/protocol/new/", protocols.protocol_start, name="protocol_start"),
    path("protocols/", protocols.registry, name="registry"),
    path("protocols/<int:pk>/", protocols.protocol_page, name="protocol"),
    path("protocols/<int:pk>/edit/", protocols.protocol_edit, name="protocol_edit"),
    path("protocols/<int:pk>/points/", protocols.protocol_points, name="protocol_points"),
    path("protocols/<int:pk>/submit/", protocols.protocol_submit, name="protocol_submit"),
    path("protocols/<int:pk>/sign/", protocols.protocol_sign, name="protocol_sign"),
]
# issue #14 §5 (003 §8.6): the timeliness of protocols for any week, and its PDF
urlpatterns += [
    path("timeliness/", timeliness.timeliness, name="timeliness"),
    path("timeliness/pdf/", timeliness.timeliness_pdf, name="timeliness_pdf"),
]
# issue #14 §4 (Appendix 6), §2 (§5.8): the protocol as PDF and .docx, the package of a meeting as PDF
urlpatterns += [
    path("protocols/<int:pk>/pdf/", documents.protocol_pdf, name="protocol_pdf"),
    path("protocols/<int:pk>/docx/", documents.protocol_docx, name="protocol_docx"),
    path("protocols/<int:pk>/extract/", documents.protocol_extract, name="protocol_extract"),
    path("<int:pk>/package/", documents.package, name="package"),
    path("<int:pk>/package/files/", documents.package_files, name="package_files"),
]
# issue #14 §1: the calendar of meetings (week, month) and the private iCalendar feed of each user
urlpatterns += [
    path("calendar/", calendar_views.calendar_page, name="calendar"),
    path("calendar/feed/", calendar_views.feed_page, name="calendar_feed"),
    path("feed/<str:token>.ics", calendar_views.feed, name="feed"),
]
