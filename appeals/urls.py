from django.urls import include, path

from appeals.views import appeal, consideration, imports, journal, statistics

app_name = "appeals"
urlpatterns = [
    path("", journal.journal, name="index"),
    path("new/", appeal.register, name="register"),
    path("<int:pk>/", appeal.appeal_page, name="appeal"),
    path("<int:pk>/talon/", appeal.talon_pdf, name="talon"),
    path("applicants/<int:pk>/", journal.applicant_card, name="applicant"),
    path("import/", imports.import_page, name="import"),
    # issue #15 §4: the quarterly statistics (?quarter=2026Q1, &format=pdf|xlsx to download)
    path("statistics/", statistics.statistics_page, name="statistics"),
    # §14: personal reception (appeals/reception/)
    path("reception/", include("appeals.reception.urls")),
]
# §13.7: the deficiency's notice and term, the corrections, the return
urlpatterns += [
    path("<int:pk>/deficient/", appeal.mark_deficient, name="mark_deficient"),
    path("<int:pk>/fix/", appeal.fix_deficiency, name="fix"),
    path("<int:pk>/return/", appeal.return_unfixed, name="return"),
]
# §13.8–§13.11, APPK art. 73, 76, §13.4: the consideration, a form each under the appeal
urlpatterns += [
    path(f"<int:pk>/{step.replace('_', '-')}/", consideration.step_view(step), name=step)
    for step in consideration.STEPS
]
