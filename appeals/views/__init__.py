"""The appeals' screens (issue #15 §4): the journal, registration, the appeal's page and the applicant's card."""
