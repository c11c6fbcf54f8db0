from django.urls import path

from acts import views

app_name = "acts"
urlpatterns = [
    path("", views.index, name="index"),
    path("work/", views.work, name="work"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.act_page, name="act"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("<int:pk>/approval-sheet/", views.approval_sheet, name="approval_sheet"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/resubmit/", views.resubmit, name="resubmit"),
    path("<int:pk>/short-term/", views.short_term, name="short_term"),
    path("<int:pk>/return/", views.return_draft, name="return"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/points/", views.points, name="points"),
    path("<int:pk>/dispatch/", views.dispatch, name="dispatch"),
    path("<int:pk>/state-registration/", views.state_registration, name="state_registration"),
]
