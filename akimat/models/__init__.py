"""Core domain shared by every module: organisation, calendar, regulation profile, numbering,
history and notifications."""

from akimat.models.approvals import Visa
from akimat.models.calendar import CalendarException
from akimat.models.files import Attachment
from akimat.models.history import HistoryEntry
from akimat.models.notifications import Notification
from akimat.models.numbering import Counter, Journal
from akimat.models.org import ActingDuty, OrgUnit, Person, Supervision
from akimat.models.reglament import RegulationProfile, RegulationRule
from akimat.models.submissions import Submission

__all__ = [
    "ActingDuty",
    "Attachment",
    "CalendarException",
    "Counter",
    "HistoryEntry",
    "Journal",
    "Notification",
    "OrgUnit",
    "Person",
    "RegulationProfile",
    "RegulationRule",
    "Submission",
    "Supervision",
    "Visa",
]
