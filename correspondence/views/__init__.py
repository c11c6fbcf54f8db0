"""Views of correspondence: registration, journals and the document page, workflow actions."""
