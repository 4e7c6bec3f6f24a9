"""Serving stored files: only through the access layer, never from MEDIA_ROOT directly."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_safe

from xuehui.access import file_for

from .models import StoredFile


def _file_response(stored: StoredFile, *, inline: bool) -> FileResponse:
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # The page policy (object-src 'none') would keep the browser's PDF viewer from showing it.
    response._csp_exempt = True
    if inline:
        # A PDF/HTML polyglot shown in the browser runs no script and reaches no page of ours.
        response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_safe
def download(request, pk):
    stored = file_for(request.user, pk)
    return _file_response(stored, inline=False)


@login_required
@require_safe
def preview(request, pk):
    """PDF and images open in the browser; other types are downloaded."""
    stored = file_for(request.user, pk)
    return _file_response(stored, inline=stored.is_inline)
