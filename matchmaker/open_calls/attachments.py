"""Proposal attachments: PDF and Office files, checked by their bytes, kept outside the web root under random keys.

A file is accepted only when its content is what its extension says: a PDF starts with `%PDF-`, an Office Open XML
file is a zip holding the part its kind needs, and a legacy Office file is an OLE2 compound document. An HTML page
renamed .pdf is none of these and is refused. Files are stored by a random key, never by the name the client gave,
and are served only as downloads (matchmaker.open_calls.views and matchmaker.api.open_call_proposals).
"""
from __future__ import annotations

import hashlib
import io
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask_babel import gettext as _

from matchmaker.errors import DomainError, ValidationError

MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
# A request may carry MAX_FILES files of MAX_BYTES each plus the proposal's text; one file above MAX_BYTES is a 413
# of its own (check_file).
REQUEST_LIMIT = MAX_FILES * MAX_BYTES + 1024 * 1024
FILENAME_MAX = 200
# Extension → (content type, what filetype must recognise, the zip part an OOXML file must hold).
KINDS: dict[str, tuple[str, str, str | None]] = {
    "pdf": ("application/pdf", "pdf", None),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "zip", "word/document.xml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip", "xl/workbook.xml"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "zip",
             "ppt/presentation.xml"),
    "doc": ("application/msword", "ole2", None),
    "xls": ("application/vnd.ms-excel", "ole2", None),
    "ppt": ("application/vnd.ms-powerpoint", "ole2", None),
}
OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


class FileTooLarge(DomainError):
    """A file above MAX_BYTES: 413, as a body over the request limit is."""

    status = 413
    code = "payload_too_large"


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    content: bytes


def _clean_name(name: str) -> str:
    """The client's file name without any folder, control or format characters, cut to FILENAME_MAX."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C").strip(" .")
    if len(base) > FILENAME_MAX:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: FILENAME_MAX - len(ext) - 1] + dot + ext) if dot and len(ext) <= 5 else base[:FILENAME_MAX]
    return base


def _family(content: bytes) -> str | None:
    if content.startswith(OLE2_MAGIC):
        return "ole2"
    kind = filetype.guess(content[:8192])
    if kind is None:
        return None
    if kind.extension == "pdf":
        return "pdf"
    if kind.mime in {"application/zip"} or kind.extension in {"docx", "xlsx", "pptx", "zip"}:
        return "zip"
    return kind.extension


def _holds_part(content: bytes, part: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return part in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def check_file(name: str, content: bytes, field: str = "files") -> CheckedFile:
    """The upload as a CheckedFile; FileTooLarge (413) above 20 MB, ValidationError (422) for any other type."""
    filename = _clean_name(name or "")
    if len(content) > MAX_BYTES:
        raise FileTooLarge(_("附件“%(name)s”超过 20 MB。", name=filename[:60]))
    ext = filename.rpartition(".")[2].lower() if "." in filename else ""
    kind = KINDS.get(ext)
    allowed = "PDF、Word、Excel、PowerPoint"
    if kind is None:
        message = _("附件“%(name)s”的类型不受支持，请上传 %(kinds)s 文件。", name=filename[:60] or "?", kinds=allowed)
        raise ValidationError(message, {field: message})
    content_type, family, part = kind
    if not content or _family(content) != family or (part is not None and not _holds_part(content, part)):
        message = _("附件“%(name)s”的内容与扩展名 .%(ext)s 不符，未予接收。", name=filename[:60], ext=ext)
        raise ValidationError(message, {field: message})
    return CheckedFile(filename, content_type, content)


def store(root: Path, content: bytes) -> tuple[str, str]:
    """Write the content under a new random key; the key and the content's SHA-256."""
    key = secrets.token_hex(16)
    path = _path(root, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return key, hashlib.sha256(content).hexdigest()


def read(root: Path, key: str) -> bytes:
    return _path(root, key).read_bytes()


def remove(root: Path, key: str) -> None:
    _path(root, key).unlink(missing_ok=True)


def stored_files(root: Path) -> list[Path]:
    """Every finished file under the store (a `.part` file is a write in progress)."""
    if not root.is_dir():
        return []
    return [path for path in root.glob("??/*") if path.is_file() and path.suffix != ".part" and _is_key(path.name)]


def _is_key(name: str) -> bool:
    return len(name) == 32 and all(c in "0123456789abcdef" for c in name)


def _path(root: Path, key: str) -> Path:
    if not _is_key(key):
        raise ValueError("not an attachment key")
    return root / key[:2] / key
