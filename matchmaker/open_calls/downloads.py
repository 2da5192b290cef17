"""Attachments leave the platform only as downloads: never rendered inline, never sniffed, never scripted."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response

from models import ProposalAttachment


def download_response(attachment: ProposalAttachment, content: bytes) -> Response:
    response = Response(content, mimetype=attachment.content_type)
    ascii_name = attachment.filename.encode("ascii", "ignore").decode().replace('"', "") or f"attachment-{attachment.id}"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(attachment.filename)}')
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response
