"""The journal's rows (SPEC §4): built in Python rather than by the template language.

A journal page shows 50 rows of seven cells. As template markup they took half the page's rendering time
on the benchmark machine, and even format_html (lazy-aware, escaping through wrappers) and get_FOO_display
(which rebuilds the choices on every call) cost a third of it. `journal_row` writes the same markup with
f-strings (akimat.markup), and the words of a page are translated and reversed once, in `RowWords`.
"""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext, pgettext

from akimat.markup import esc
from control.models import Urgency
from control.templatetags.control import light_html
from correspondence.models import Document

register = template.Library()

MUTED_DASH = '<span class="muted">—</span>'
SUMMARY_CHARS = 180
_PK = 2_147_483_647  # a placeholder document id for the URL pattern of a page


@dataclass(frozen=True)
class RowWords:
    """What every row of one page repeats, translated and reversed once for the page."""

    kind: str
    labels: dict  # captions of the cells, as the table's headers (views.journals.column_labels)
    columns: dict  # the sortable columns (their labels)
    dsp_badge: str
    dsp_title: str
    of: str  # "№ 12 of 01.02.2026"
    statuses: dict
    processing_late: str  # 003 §9.10
    urgencies: dict
    addressees: dict
    url_head: str
    url_tail: str

    @classmethod
    def for_page(cls, kind: str, labels: dict, columns: dict, dsp_badge: str) -> "RowWords":
        head, tail = reverse("correspondence:document", args=[_PK]).split(str(_PK))
        return cls(
            kind=kind,
            labels=labels,
            columns=columns,
            dsp_badge=dsp_badge,
            dsp_title=gettext("For official use only"),
            of=pgettext("number of date", "of"),
            statuses={value: str(label) for value, label in Document.Status.choices},
            processing_late=gettext("processing late"),
            urgencies={value: str(label) for value, label in Urgency.choices},
            addressees={value: str(label) for value, label in Document.Addressee.choices},
            url_head=head,
            url_tail=tail,
        )

    def url(self, pk: int) -> str:
        """The document's page (Document.get_absolute_url, without reversing it for every row)."""
        return f"{self.url_head}{pk}{self.url_tail}"


def _date(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _time(day) -> str:
    return f'<time datetime="{day.isoformat()}">{_date(day)}</time>'


def _other_side(row, words: RowWords) -> str:
    d = row.document
    if words.kind == Document.Kind.INCOMING:
        their = ""
        if d.their_number or d.their_date:
            of = f" {words.of} {_date(d.their_date)}" if d.their_date else ""
            their = f'<span class="muted small">№ {esc(d.their_number or "—")}{esc(of)}</span>'
        return f"{esc(d.correspondent or '—')}{their}"
    if words.kind == Document.Kind.OUTGOING:
        return esc("; ".join(row.recipients) if row.recipients else d.correspondent or "—")
    return esc(d.author or "—")


def _summary(row, words: RowWords, url: str) -> str:
    d = row.document
    to = ""
    if words.kind == Document.Kind.INCOMING and d.addressee:
        person = f", {d.addressee_person.full_name}" if d.addressee_person_id else ""
        addressee = words.addressees.get(d.addressee, d.addressee)
        to = f'<span class="muted small">{esc(words.labels["to"])}: {esc(addressee)}{esc(person)}</span>'
    # a text no longer than the limit is never cut (normalising can only shorten it)
    summary = d.summary if len(d.summary) <= SUMMARY_CHARS else Truncator(d.summary).chars(SUMMARY_CHARS)
    return f'<a class="plain-link" href="{esc(url)}">{esc(summary)}</a>{to}'


def _executors(row) -> str:
    if row.executors:
        leads = "".join(
            f'<span class="executor executor-lead">{esc(name)}</span>' for name, lead in row.executors if lead
        )
    else:
        leads = MUTED_DASH
    more = ""
    if row.co_executors:
        text = ngettext("and %(counter)s co-executor", "and %(counter)s co-executors", row.co_executors) % {
            "counter": row.co_executors
        }
        more = f'<span class="muted small">{esc(text)}</span>'
    return f"{leads}{more}"


@register.simple_tag
def journal_row(row, words: RowWords) -> SafeString:
    """One <tr> of the journal table: number and marks, date, the other side, summary, executors, deadline
    with its traffic light, status; each cell captioned for the phone layout."""
    d = row.document
    url = words.url(d.pk)
    labels, columns = words.labels, words.columns
    marks = ""
    if d.is_dsp:
        marks += f'<span class="badge badge-dsp" title="{esc(words.dsp_title)}">{esc(words.dsp_badge)}</span>'
    if d.urgency:
        urgency = words.urgencies.get(d.urgency, d.urgency)
        marks += f'<span class="badge badge-urgency urgency-{esc(d.urgency)}">{esc(urgency)}</span>'
    deadline = f"{_time(row.deadline)}{light_html(row.light, row.light_label)}" if row.deadline else MUTED_DASH
    status = esc(capfirst(words.statuses.get(d.status, d.status)))
    if getattr(d, "processing_late", False):  # 003 §9.10: no resolution within the processing term
        status += f' <span class="badge badge-danger" data-processing-late>{esc(words.processing_late)}</span>'
    return mark_safe(
        f'<tr data-document="{d.pk}">'
        f'<td class="cell-number" data-label="{esc(columns["number"].label)}"><a class="nowrap" href="{esc(url)}">'
        f"<strong>{esc(d.number)}</strong></a>{marks}</td>"
        f'<td class="nowrap" data-label="{esc(columns["date"].label)}">{_time(d.registered_on)}</td>'
        f'<td data-label="{esc(labels["other"])}">{_other_side(row, words)}</td>'
        f'<td class="col-text" data-label="{esc(labels["summary"])}">{_summary(row, words, url)}</td>'
        f'<td data-label="{esc(labels["executors"])}">{_executors(row)}</td>'
        f'<td class="cell-deadline" data-label="{esc(labels["deadline"])}">{deadline}</td>'
        f'<td data-label="{esc(columns["status"].label)}">{status}</td>'
        "</tr>"
    )
