"""URLs of correspondence: registration (included into the "correspondence" namespace)."""

from django.urls import path

from correspondence.views import registration

urlpatterns = [
    path("register/", registration.register, name="register"),
    path("queue/", registration.queue, name="queue"),
    path("queue/<int:pk>/register/", registration.register_received, name="register_received"),
    path("documents/<int:pk>/received/", registration.mark_received, name="mark_received"),
    path("returns/", registration.returns, name="returns"),
    path("returns/new/", registration.return_form, name="return"),
    path("correspondents/", registration.correspondents, name="correspondents"),
    path("correspondents/search/", registration.correspondent_search, name="correspondent_search"),
    path("correspondents/import/", registration.correspondents_import, name="correspondents_import"),
]
