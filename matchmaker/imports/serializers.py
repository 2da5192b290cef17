"""An import as the API and the progress bar publish it."""
from __future__ import annotations

from matchmaker.imports import services
from models import PostingImport
from models.base import as_utc


def _iso(moment) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def import_json(record: PostingImport, with_rows: bool = True) -> dict:
    """Status, progress and, unless left out for polling, every error, warning and created id."""
    data = {
        "id": record.id,
        "kind": record.kind,
        "status": record.status.value,
        "progress": services.progress(record),
        "seconds_left": services.seconds_left(record),
        "total_rows": record.total_rows,
        "validated_rows": record.validated_rows,
        "embedded_rows": record.embedded_rows,
        "filename": record.filename,
        "organisation_id": record.organisation_id,
        "duplicates": record.duplicates,
        "message": record.message,
        "error_count": len(record.errors or []),
        "warning_count": len(record.warnings or []),
        "created_count": len(record.created or []),
        "created_at": _iso(record.created_at),
        "started_at": _iso(record.started_at),
        "finished_at": _iso(record.finished_at),
    }
    if with_rows:
        data.update(errors=list(record.errors or []), warnings=list(record.warnings or []),
                    created=list(record.created or []))
    return data
