from django.urls import include, path

app_name = "correspondence"
urlpatterns = [
    path("", include("correspondence.urls_journals")),
    path("", include("correspondence.urls_registration")),
    path("", include("correspondence.urls_workflow")),
]
