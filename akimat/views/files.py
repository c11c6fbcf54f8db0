"""Downloading attachments: a file is served only to users who may see the object it belongs to (SPEC §3.6, §9)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404

from akimat import attachments, permissions
from akimat.models import Attachment


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file as a download under its original name; 404 for a stranger, as for a missing file.

    The only way a stored file leaves the server: /media/ is not served, in development either (issue #11 point 2).
    """
    attachment = get_object_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    subject = attachment.subject  # None when the object is gone
    if subject is None or not permissions.can_view(request.user, subject):
        raise Http404("No attachment matches the given query.")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing from the storage.") from error
    # the type of the extension, never the stored column (older rows hold what the browser claimed)
    content_type = attachments.mime_type_for(attachment.file.name, attachment.original_name)
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name, content_type=content_type)
    # SecurityMiddleware adds it too (SECURE_CONTENT_TYPE_NOSNIFF); a file response keeps it whatever the settings
    response["X-Content-Type-Options"] = "nosniff"
    return response
