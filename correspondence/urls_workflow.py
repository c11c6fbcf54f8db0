"""URLs of correspondence: workflow (included into the "correspondence" namespace)."""

from django.urls import path

from correspondence.views import workflow

urlpatterns = [
    path("my-work/", workflow.my_work, name="my_work"),
    path("drafts/outgoing/new/", workflow.outgoing_new, name="outgoing_new"),
    path("drafts/memo/new/", workflow.memo_new, name="memo_new"),
    path("documents/<int:pk>/resolve/", workflow.resolve, name="resolve"),
    path("documents/<int:pk>/resolve-on-paper/", workflow.resolve_on_paper, name="resolve_on_paper"),
    path("documents/<int:pk>/acknowledge/", workflow.acknowledge, name="acknowledge"),
    path("documents/<int:pk>/execution-card/", workflow.execution_card, name="execution_card"),
    path("documents/<int:pk>/accept-answer/", workflow.accept_answer, name="accept_answer"),
    path("documents/<int:pk>/propose-removal/", workflow.propose_removal, name="propose_removal"),
    path("documents/<int:pk>/send-for-approval/", workflow.send_for_approval, name="send_for_approval"),
    path("documents/<int:pk>/sign/", workflow.sign, name="sign"),
    path("documents/<int:pk>/check/", workflow.check, name="check"),
    path("documents/<int:pk>/dispatch/", workflow.dispatch, name="dispatch"),
]
