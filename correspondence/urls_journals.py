"""URLs of correspondence: journals, search, the document page (included into the "correspondence" namespace)."""

from django.urls import path

from correspondence.views import document, journals

urlpatterns = [
    path("", journals.index, name="index"),
    path("journal/<str:kind>/", journals.journal, name="journal"),
    path("<int:pk>/", document.document_page, name="document"),
    path("<int:pk>/card.pdf", document.card_pdf, name="card"),
]
