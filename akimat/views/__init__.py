"""Views of the core: home and layout, calendar, notifications."""
