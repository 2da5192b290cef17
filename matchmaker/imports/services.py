"""Spreadsheet imports of offers and needs: accept a file, validate every row, embed, and commit all rows or none.

The run reports progress as it validates rows with the posting forms and encodes their texts (in batches, on a
second thread, while the next rows are validated), then saves postings with their vectors. Nothing but progress is
written before that last step, so a run that fails or dies leaves the market as it was, and running it again is
safe. The vectors are stored beside the postings in the same transaction, so the commit hook that embeds new
postings finds nothing to do.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

import numpy as np
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from embeddings.caveats import embedded_text
from embeddings.text import posting_text, text_hash
from matchmaker import audit
from matchmaker.errors import NotFound, PermissionDenied, ValidationError
from matchmaker.imports.columns import COLUMNS, Vocabularies
from matchmaker.imports.validation import validate_row
from matchmaker.imports.workbook import WorkbookError, read_sheet
from matchmaker.market.access import acting_user
from matchmaker.market.services import MODELS, active_fields, new_posting
from matchmaker.matching import services as matching
from matchmaker.matching.documents import text_of
from matchmaker.matching.engine import MatchEngine
from matchmaker.matching.vectors import to_bytes
from matchmaker.pagination import Page, paginate
from models import Organisation, PostingImport, PostingVector, User, utcnow
from models.base import as_utc
from models.choices import ImportStatus, PostingStatus

log = logging.getLogger(__name__)

KINDS = ("offer", "need")
DUPLICATE_POLICIES = ("keep", "skip")
MAX_BYTES = 16 * 1024 * 1024
EMBED_BATCH = 128
PROGRESS_EVERY = 250
# Shares of the whole run, by the time each stage takes: encoding dominates.
VALIDATION_SHARE, EMBEDDING_SHARE = 0.05, 0.9
FINISHED = (ImportStatus.FAILED, ImportStatus.SUCCEEDED)


def can_import_for(actor: User | None, organisation: Organisation) -> bool:
    """Members import for their own organisation; admins for any."""
    user = acting_user(actor)
    return user is not None and (user.is_admin or user.organisation_id == organisation.id)


def create_import(session: Session, actor: User | None, kind: str, filename: str, content: bytes,
                  organisation: Organisation | None = None, duplicates: str = "keep",
                  submit: bool = True) -> PostingImport:
    """Accept an uploaded workbook as a queued import for `organisation` (default: the actor's own)."""
    if kind not in KINDS:
        raise ValidationError(_("请选择导入科技成果（offer）还是技术需求（need）。"), {"kind": _("只能是 offer 或 need。")})
    if duplicates not in DUPLICATE_POLICIES:
        raise ValidationError(_("提交的数据有误。"), {"duplicates": _("只能是 keep 或 skip。")})
    organisation = organisation or (actor.organisation if actor is not None else None)
    if organisation is None:
        raise PermissionDenied(_("请先加入一个机构，再导入信息。"))
    if actor is not None and not can_import_for(actor, organisation):
        raise PermissionDenied(_("您只能为本机构导入信息。"))
    if not content:
        raise ValidationError(_("请选择要上传的文件。"), {"file": _("请选择要上传的文件。")})
    if len(content) > MAX_BYTES:
        message = _("文件不能超过 %(n)d MB。", n=MAX_BYTES // (1024 * 1024))
        raise ValidationError(message, {"file": message})
    if not filename.lower().endswith(".xlsx"):
        message = _("请上传 .xlsx 格式的 Excel 文件（可先下载模板）。")
        raise ValidationError(message, {"file": message})
    record = PostingImport(kind=kind, organisation=organisation, created_by=actor, filename=filename[-255:],
                           content=content, duplicates=duplicates, submit=submit, status=ImportStatus.QUEUED)
    session.add(record)
    session.flush()
    return record


def organisation_by_id(session: Session, organisation_id: int) -> Organisation:
    """The organisation an administrator names for an import; an unknown id is a field error."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise ValidationError(_("没有找到该机构。"), {"organisation_id": _("没有找到该机构。")})
    return organisation


def get_import(session: Session, viewer, import_id: int) -> PostingImport:
    """An import its viewer may see (its organisation's members, admins); anything else is reported missing."""
    record = session.get(PostingImport, import_id)
    user = acting_user(viewer)
    if record is None or user is None or not (user.is_admin or user.organisation_id == record.organisation_id):
        raise NotFound(_("没有找到该导入记录。"))
    return record


def imports_of(session: Session, organisation_id: int, page: int = 1, per_page: int = 10) -> Page:
    """An organisation's imports, newest first."""
    stmt = (select(PostingImport).where(PostingImport.organisation_id == organisation_id)
            .order_by(PostingImport.created_at.desc(), PostingImport.id.desc()))
    return paginate(session, stmt, page, per_page)


def progress(record: PostingImport) -> float:
    """How far the import is, 0 to 1."""
    if record.status in FINISHED:
        return 1.0
    if not record.total_rows:
        return 0.0
    done = (VALIDATION_SHARE * record.validated_rows + EMBEDDING_SHARE * record.embedded_rows) / record.total_rows
    return round(min(0.99, done), 3)


def seconds_left(record: PostingImport) -> int | None:
    """An estimate of the time left from the pace so far, once there is a pace to go by."""
    share = progress(record)
    if record.status != ImportStatus.RUNNING or record.started_at is None or share < 0.02:
        return None
    elapsed = (utcnow() - as_utc(record.started_at)).total_seconds()
    return max(0, round(elapsed * (1 - share) / share))


# -- the run ----------------------------------------------------------------------------------------------------------

def run_import(session: Session, record: PostingImport, engine: MatchEngine,
               checkpoint: Callable[[], None]) -> PostingImport:
    """Validate, embed and save one import; `checkpoint` makes progress visible (a commit in a worker)."""
    if record.status in FINISHED:
        return record
    clock = _Clock()
    record.status, record.started_at = ImportStatus.RUNNING, utcnow()
    record.validated_rows = record.embedded_rows = 0
    record.errors, record.warnings, record.created = [], [], []
    checkpoint()
    try:
        sheet = read_sheet(record.content or b"", record.kind)
    except WorkbookError as exc:
        return _fail(record, [{"row": 1 if exc.column else None, "column": exc.column, "message": exc.message}],
                     exc.message, checkpoint)
    record.total_rows = len(sheet.rows)
    checkpoint()
    if not sheet.rows:
        message = _("文件中没有数据行。")
        return _fail(record, [{"row": None, "column": None, "message": message}], message, checkpoint)

    clock.lap("read")
    fields = active_fields(session)
    vocabularies = Vocabularies(fields)
    field_choices = [(f.code, f.code) for f in fields]
    names = {f.code: f.name_zh for f in fields}
    # Vectors come from the model matches are served from, so the duplicate check searches like with like; the
    # commit adds the configured model's vectors when a re-embed is moving the market to it.
    collection = engine.collection(session, record.kind)
    encoder = engine.encoder_of(collection)
    rows, texts, errors, batch = [], [], [], []
    encoding: list[Future] = []
    # Rows are encoded in batches on a second thread while the next ones are validated, so validation costs no time
    # of its own; once a row is bad, nothing will be saved and nothing more is encoded.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-encode") as pool:
        for count, row in enumerate(sheet.rows, 1):
            result = validate_row(record.kind, sheet, row, vocabularies, field_choices)
            if result.errors:
                errors.extend({"row": result.number, "column": column, "message": message}
                              for column, message in result.errors)
            elif not errors:
                rows.append(result)
                batch.append(_text(result.data, names))
                if len(batch) == EMBED_BATCH:
                    encoding.append(pool.submit(encoder.encode, [embedded_text(record.kind, t) for t in batch]))
                    texts.extend(batch)
                    batch = []
            if count % PROGRESS_EVERY == 0:
                record.validated_rows = count
                record.embedded_rows = EMBED_BATCH * sum(1 for job in encoding if job.done())
                checkpoint()
        record.validated_rows = len(sheet.rows)
        if errors:
            for job in encoding:
                job.cancel()
            bad = len({e["row"] for e in errors})
            return _fail(record, errors, _("%(n)d 行有误，整个文件未导入。请修改后重新上传。", n=bad), checkpoint)
        if batch:
            encoding.append(pool.submit(encoder.encode, [embedded_text(record.kind, t) for t in batch]))
            texts.extend(batch)
        checkpoint()
        clock.lap("validate")
        parts = []
        for job in encoding:
            parts.append(job.result())
            record.embedded_rows = min(len(texts), EMBED_BATCH * len(parts))
            checkpoint()
    vectors = np.vstack(parts).astype(np.float32)
    clock.lap("encode")
    keep = _flag_duplicates(session, engine, collection, record, rows, texts, vectors)
    clock.lap("duplicates")
    _save(session, record, collection.model_id, [rows[i] for i in keep], [texts[i] for i in keep], vectors[keep])
    record.status, record.finished_at, record.content = ImportStatus.SUCCEEDED, utcnow(), None
    record.embedded_rows = record.total_rows
    audit.record(session, record.created_by, "import.succeeded", record, kind=record.kind, rows=len(record.created))
    checkpoint()
    clock.lap("save")
    engine.expire()
    log.info("import %s: %d %ss created for organisation %s; seconds per stage %s", record.id, len(record.created),
             record.kind, record.organisation_id, clock.laps)
    return record


class _Clock:
    """Seconds spent per stage, for the log."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 2)
        self._last = now


def _fail(record: PostingImport, errors: list[dict], message: str, checkpoint) -> PostingImport:
    record.status, record.finished_at = ImportStatus.FAILED, utcnow()
    record.errors, record.message = errors, message[:500]
    checkpoint()
    log.info("import %s failed: %s", record.id, message)
    return record


def _text(data: dict, field_names: dict[str, str]) -> str:
    """The matchable text of a validated row, exactly as `text_of` will build it from the saved posting."""
    return posting_text(data["title"] or "", data["description"] or "", field_names.get(data["field"]),
                        data.get("keywords") or ())


def _flag_duplicates(session: Session, engine: MatchEngine, collection, record: PostingImport, rows, texts,
                     vectors) -> list[int]:
    """Warn about rows that repeat a posting on the market or an earlier row; returns the rows to save."""
    on_market = matching.duplicates_on_market(session, engine, record.kind, texts, vectors, record.organisation_id,
                                              collection)
    within = matching.duplicates_within(texts, vectors)
    model = MODELS[record.kind]
    titles = dict(session.execute(select(model.id, model.title).where(model.id.in_({i for i in on_market if i}))).all())
    title_heading = COLUMNS[record.kind][0].header
    warnings, keep = [], []
    for index, (row, market_id, earlier) in enumerate(zip(rows, on_market, within)):
        if market_id is not None:
            warnings.append({"row": row.number, "column": title_heading, "duplicate_of": {
                "kind": record.kind, "id": market_id, "title": titles.get(market_id, "")},
                "message": _("与平台上已有的“%(title)s”高度相似。", title=titles.get(market_id, ""))})
        elif earlier is not None:
            warnings.append({"row": row.number, "column": title_heading, "duplicate_of": {"row": rows[earlier].number},
                             "message": _("与本文件第 %(row)d 行高度相似。", row=rows[earlier].number)})
        else:
            keep.append(index)
            continue
        if record.duplicates == "keep":
            keep.append(index)
    for warning in warnings:
        warning["resolution"] = "skipped" if record.duplicates == "skip" else None
    record.warnings = warnings
    return keep


def _save(session: Session, record: PostingImport, model_id: str, rows, texts, vectors) -> None:
    created_by = record.created_by
    if created_by is not None and not created_by.active:
        created_by = None
    postings = []
    fields = {f.code: f for f in active_fields(session)}
    with session.no_autoflush:
        for row in rows:
            postings.append(new_posting(session, record.organisation, created_by, record.kind, row.data, record.submit,
                                        fields=fields))
    session.flush()
    # A vector row left behind by a deleted posting whose id was reused is taken over, not duplicated.
    ids = [p.id for p in postings]
    leftovers = {}
    for start in range(0, len(ids), 1000):
        leftovers.update((row.posting_id, row) for row in session.scalars(select(PostingVector).where(
            PostingVector.posting_kind == record.kind, PostingVector.model_id == model_id,
            PostingVector.posting_id.in_(ids[start:start + 1000]))))
    for posting, text, vector in zip(postings, texts, vectors):
        if text_of(posting) != text:  # never expected; the commit hook would embed it afresh
            log.warning("import %s: text of %s %s differs from the one encoded", record.id, posting.kind, posting.id)
            continue
        row = leftovers.get(posting.id) or PostingVector(posting_kind=posting.kind, posting_id=posting.id)
        row.model_id, row.text_hash, row.dim, row.vector = model_id, text_hash(text), len(vector), to_bytes(vector)
        session.add(row)
    numbers = {row.number: posting.id for row, posting in zip(rows, postings)}
    # A new list, not edits in place: the JSON column only notices assignment.
    record.warnings = [{**warning, "posting_id": numbers.get(warning["row"])} for warning in record.warnings]
    record.created = [p.id for p in postings]
    session.flush()


def fail_unexpectedly(session: Session, import_id: int) -> None:
    """Mark an import whose run raised as failed, after its work was rolled back."""
    record = session.get(PostingImport, import_id)
    if record is not None and record.status not in FINISHED:
        message = _("导入过程中发生内部错误，未导入任何数据。请稍后重试或联系管理员。")
        record.status, record.finished_at, record.message = ImportStatus.FAILED, utcnow(), message
        record.errors = [{"row": None, "column": None, "message": message}]


def resolve_duplicates(session: Session, actor: User, record: PostingImport, action: str) -> int:
    """Keep or drop (close) the postings an import flagged as near-duplicates; returns how many were resolved."""
    if action not in ("keep", "drop"):
        raise ValidationError(_("提交的数据有误。"), {"action": _("只能是 keep 或 drop。")})
    if not can_import_for(actor, record.organisation):
        raise PermissionDenied(_("您无权处理该导入。"))
    if record.status != ImportStatus.SUCCEEDED:
        raise ValidationError(_("导入尚未完成。"), {"action": _("导入尚未完成。")})
    open_ids = [w["posting_id"] for w in record.warnings if w.get("resolution") is None and w.get("posting_id")]
    model = MODELS[record.kind]
    if action == "drop" and open_ids:
        for posting in session.scalars(select(model).where(model.id.in_(open_ids))):
            posting.status = PostingStatus.CLOSED
    resolution = "kept" if action == "keep" else "dropped"
    record.warnings = [{**w, "resolution": resolution} if w.get("resolution") is None and w.get("posting_id") else w
                       for w in record.warnings]
    audit.record(session, actor, f"import.duplicates_{resolution}", record, postings=open_ids)
    session.flush()
    return len(open_ids)


def stalled(record: PostingImport, now=None) -> bool:
    """A run that reported nothing for ten minutes has died (its work was never committed)."""
    now = now or utcnow()
    return record.status == ImportStatus.RUNNING and now - as_utc(record.updated_at) > timedelta(minutes=10)
