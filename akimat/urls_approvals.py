"""The core screens of the approval route, in the "akimat" namespace (issue #13 §2)."""

from django.urls import path

from akimat.views import approvals

app_name = "akimat"

urlpatterns = [
    path("visas/", approvals.my_visas, name="my_visas"),
    path("visas/overdue/", approvals.overdue_visas, name="overdue_visas"),
    path("visas/<int:pk>/decide/", approvals.visa_decide, name="visa_decide"),
]
