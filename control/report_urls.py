"""URLs of control reports (weekly control list, quarterly report)."""

from django.urls import path

from control import report_views

app_name = "control_reports"
urlpatterns = [
    path("weekly/", report_views.weekly_list, name="weekly_list"),
    path("quarterly/", report_views.quarterly_report, name="quarterly_report"),
]
