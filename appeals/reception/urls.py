"""URLs of the personal reception, included by appeals/urls.py as path("reception/", include(...)): names are
"appeals:reception:<name>". The public schedule (001 §7) is the only page open without login."""

from django.urls import path

from appeals.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.days, name="days"),
    path("public/", views.public_schedule, name="public"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/new/", views.schedule_edit, name="schedule_add"),
    path("schedule/<int:pk>/", views.schedule_edit, name="schedule_edit"),
    path("schedule/<int:pk>/close/", views.schedule_close, name="schedule_close"),
    path("schedule/generate/", views.generate, name="generate"),
    path("days/new/", views.day_add, name="day_add"),
    path("days/<int:pk>/", views.day_page, name="day"),
    path("days/<int:pk>/list.pdf", views.day_pdf, name="day_pdf"),
    path("days/<int:pk>/cancel/", views.day_cancel, name="day_cancel"),
    path("days/<int:pk>/invited/", views.day_invited, name="day_invited"),
    path("signup/", views.signup, name="signup"),
    path("signups/<int:pk>/received/", views.mark, {"state": "received"}, name="received"),
    path("signups/<int:pk>/absent/", views.mark, {"state": "absent"}, name="absent"),
    path("signups/<int:pk>/card/", views.card_start, name="card_start"),
    path("cards/<int:pk>/", views.card_page, name="card"),
    path("cards/<int:pk>/card.pdf", views.card_pdf, name="card_pdf"),
    path("cards/<int:pk>/complete/", views.card_complete, name="card_complete"),
    path("cards/<int:pk>/appeal/", views.card_appeal, name="card_appeal"),
]
