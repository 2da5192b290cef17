"""Attachments leave the platform only as downloads: never rendered inline, never sniffed, never scripted."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response

from models import ProposalAttachment


def download_response(attachment: ProposalAttachment, content: bytes) -> Response:
    response = Response(content, mimetype=attachment.content_type)
    # Old clients read only the ASCII name; a Chinese name leaves little of it, so they get a plain one instead.
    stem, dot, ext = attachment.filename.rpartition(".")
    ascii_stem = "".join(c for c in stem if c.isascii() and (c.isalnum() or c in "-_ ")).strip(" -_")
    ascii_name = f"{ascii_stem or f'attachment-{attachment.id}'}{dot}{ext if ext.isascii() else ''}"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{ascii_name}"; filename*=UTF-8\'\'{quote(attachment.filename)}')
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response
