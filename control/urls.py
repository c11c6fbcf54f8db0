from django.urls import include, path

from control import views

app_name = "control"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("items/", views.item_list, name="list"),
    path("items/export.xlsx", views.export, name="export"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("<int:pk>/report/", views.submit_report, name="report"),
    path("<int:pk>/part/", views.submit_part, name="part"),
    path("<int:pk>/extension/", views.request_extension, name="extension_request"),
    path("<int:pk>/extension/<int:request_pk>/decide/", views.decide_extension, name="extension_decide"),
    path("<int:pk>/redirect/", views.request_redirect, name="redirect_request"),
    path("<int:pk>/redirect/<int:request_pk>/decide/", views.decide_redirect, name="redirect_decide"),
    path("<int:pk>/removal/", views.propose_removal, name="removal_propose"),
    path("<int:pk>/removal/<int:proposal_pk>/agree/", views.agree_removal, name="removal_agree"),
    path("<int:pk>/removal/<int:proposal_pk>/decide/", views.decide_removal, name="removal_decide"),
    path("reports/", include("control.report_urls")),
]
