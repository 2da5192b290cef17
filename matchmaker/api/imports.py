"""Spreadsheet imports and exports: `GET /imports/template`, `POST /imports`, `GET /imports/<id>`, exports."""
from __future__ import annotations

from flask import g, jsonify, request, url_for
from flask_babel import gettext as _

from matchmaker.api import bp
from matchmaker.api.auth import optional_user, token_required
from matchmaker.api.common import json_body
from matchmaker.auth.throttle import import_limits
from matchmaker.errors import ValidationError
from matchmaker.extensions import db
from matchmaker.imports import services
from matchmaker.imports.columns import Vocabularies
from matchmaker.imports.export import export_workbook
from matchmaker.imports.jobs import start_import
from matchmaker.imports.serializers import import_json
from matchmaker.imports.workbook import SHEET_TITLES, build_workbook
from matchmaker.market.services import MarketQuery, active_fields
from matchmaker.matching.setup import engine
from matchmaker.request_guards import parse_id
from matchmaker.spreadsheets import XLSX, xlsx_response
from models import Organisation

PLURALS = {"offers": "offer", "needs": "need"}


def _kind(value) -> str:
    if value not in services.KINDS:
        raise ValidationError(_("提交的数据有误。"), {"kind": _("只能是 offer 或 need。")})
    return value


@bp.get("/imports/template")
def import_template():
    """The .xlsx template of one kind: Chinese headers, drop-down vocabularies and an example row."""
    kind = _kind(request.args.get("kind"))
    content = build_workbook(kind, Vocabularies(active_fields(db.session)), example=True)
    return xlsx_response(content, _("%(kind)s导入模板", kind=_(SHEET_TITLES[kind])) + ".xlsx")


@bp.post("/imports")
@import_limits
@token_required
def create_import():
    """Upload a workbook (multipart `file`, `kind`); it is validated and imported in the background."""
    request.max_content_length = services.MAX_BYTES + 64 * 1024
    upload = request.files.get("file")
    if upload is None:
        raise ValidationError(_("请选择要上传的文件。"), {"file": _("请以 multipart/form-data 上传字段 file。")})
    record = services.create_import(
        db.session, g.api_user, _kind(request.form.get("kind")), upload.filename or "", upload.read(),
        organisation=_organisation(request.form.get("organisation_id")),
        duplicates=request.form.get("duplicates", "keep"), submit=_flag(request.form.get("submit", "true")))
    start_import(db.session, record)
    response = jsonify(id=record.id, status=record.status.value)
    response.headers["Location"] = url_for("api.get_import", import_id=record.id)
    return response, 202


def _organisation(value: str | None) -> Organisation | None:
    if not value:
        return None
    organisation_id = parse_id(value)
    if organisation_id is None:
        raise ValidationError(_("提交的数据有误。"), {"organisation_id": _("应为机构编号（整数）。")})
    return services.organisation_by_id(db.session, organisation_id)


def _flag(value: str) -> bool:
    word = value.strip().lower()
    if word not in ("true", "false", "1", "0", "yes", "no"):
        raise ValidationError(_("提交的数据有误。"), {"submit": _("只能是 true 或 false。")})
    return word in ("true", "1", "yes")


@bp.get("/imports/<int:import_id>")
@token_required
def get_import(import_id: int):
    """An import's status, progress (0..1), errors by row and column, duplicate warnings and created ids."""
    return jsonify(import_json(services.get_import(db.session, g.api_user, import_id)))


@bp.post("/imports/<int:import_id>/duplicates")
@token_required
def resolve_duplicates(import_id: int):
    """Keep (`{"action": "keep"}`) or drop (`"drop"`: close) the postings an import flagged as near-duplicates."""
    record = services.get_import(db.session, g.api_user, import_id)
    action = json_body().get("action")
    services.resolve_duplicates(db.session, g.api_user, record, action if isinstance(action, str) else "")
    return jsonify(import_json(record))


def export_postings(kind: str):
    """The list `GET /offers` (or `/needs`) gives for the same filters, every page, as .xlsx in template columns."""
    viewer = optional_user()
    content = export_workbook(db.session, engine(), viewer, kind, MarketQuery.from_args(request.args, kind))
    return xlsx_response(content, (_("科技成果") if kind == "offer" else _("技术需求")) + ".xlsx")


for _plural, _kind_of in PLURALS.items():
    bp.add_url_rule(f"/{_plural}/export", f"export_{_plural}", export_postings, methods=["GET"],
                    defaults={"kind": _kind_of})


def _file_response(description: str) -> dict:
    return {"description": description, "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


_IMPORT_ID = [{"name": "import_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
_ROW_PROBLEM = {"type": "object", "required": ["row", "column", "message"], "properties": {
    "row": {"type": ["integer", "null"], "description": "Sheet row (the heading is row 1); null for the whole file."},
    "column": {"type": ["string", "null"], "description": "The column's heading as written in the file."},
    "message": {"type": "string"}}}
OPENAPI_SCHEMAS = {
    "ImportAccepted": {"type": "object", "required": ["id", "status"], "properties": {
        "id": {"type": "integer"}, "status": {"type": "string", "enum": ["queued", "running", "failed", "succeeded"]}}},
    "Import": {"type": "object", "required": ["id", "status", "progress", "errors", "warnings", "created"], "properties": {
        "id": {"type": "integer"}, "kind": {"type": "string", "enum": ["offer", "need"]},
        "status": {"type": "string", "enum": ["queued", "running", "failed", "succeeded"]},
        "progress": {"type": "number", "minimum": 0, "maximum": 1},
        "seconds_left": {"type": ["integer", "null"], "description": "Estimated from the pace so far."},
        "total_rows": {"type": "integer"}, "validated_rows": {"type": "integer"}, "embedded_rows": {"type": "integer"},
        "filename": {"type": "string"}, "organisation_id": {"type": "integer"},
        "duplicates": {"type": "string", "enum": ["keep", "skip"]}, "message": {"type": "string"},
        "error_count": {"type": "integer"}, "warning_count": {"type": "integer"}, "created_count": {"type": "integer"},
        "created_at": {"type": ["string", "null"]}, "started_at": {"type": ["string", "null"]},
        "finished_at": {"type": ["string", "null"]},
        "errors": {"type": "array", "items": _ROW_PROBLEM, "description": "Every bad cell; nothing was imported."},
        "warnings": {"type": "array", "description": "Rows that nearly duplicate a posting on the market (`duplicate_of` "
                     "has kind, id, title) or an earlier row (`duplicate_of.row`); `resolution` is null, kept, dropped "
                     "or skipped, and `posting_id` the posting made from the row.",
                     "items": {**_ROW_PROBLEM, "properties": {**_ROW_PROBLEM["properties"],
                                                              "duplicate_of": {"type": "object"},
                                                              "posting_id": {"type": ["integer", "null"]},
                                                              "resolution": {"type": ["string", "null"]}}}},
        "created": {"type": "array", "items": {"type": "integer"}, "description": "Ids of the postings made."}}},
}
OPENAPI_PATHS = {
    "/api/v1/imports/template": {"get": {
        "operationId": "import_template", "summary": "The .xlsx import template of offers or needs: Chinese headings, "
        "one column per form field, drop-down vocabularies and one example row (skipped on import).",
        "security": [{}], "parameters": [{"name": "kind", "in": "query", "required": True,
                                          "schema": {"type": "string", "enum": ["offer", "need"]}}],
        "responses": {"200": _file_response("The template."), "422": _error("Unknown kind.")}}},
    "/api/v1/imports": {"post": {
        "operationId": "create_import", "summary": "Upload a workbook; every row is validated with the posting forms "
        "and all rows are imported, or none. Runs in the background: poll the import.",
        "security": [{"bearerAuth": []}],
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file", "kind"], "properties": {
                "file": {"type": "string", "format": "binary", "description": ".xlsx, at most 16 MB, 20,000 rows."},
                "kind": {"type": "string", "enum": ["offer", "need"]},
                "duplicates": {"type": "string", "enum": ["keep", "skip"], "default": "keep"},
                "submit": {"type": "string", "enum": ["true", "false"], "default": "true",
                           "description": "false saves drafts instead of submitting for publication."},
                "organisation_id": {"type": "string", "description": "Admins: the organisation they import for."}}}}}},
        "responses": {"202": {"description": "Accepted.", "headers": {"Location": {"schema": {"type": "string"}}},
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImportAccepted"}}}},
                      "401": _error("No valid bearer token."), "403": _error("Not the caller's organisation."),
                      "413": _error("The upload is too large."), "422": _error("Bad kind, file or option.")}}},
    "/api/v1/imports/{import_id}": {"get": {
        "operationId": "get_import", "summary": "An import's status, progress, errors, warnings and created ids.",
        "security": [{"bearerAuth": []}], "parameters": _IMPORT_ID,
        "responses": {"200": {"description": "The import.", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Import"}}}},
                      "401": _error("No valid bearer token."), "404": _error("No such import of the caller's.")}}},
    "/api/v1/imports/{import_id}/duplicates": {"post": {
        "operationId": "resolve_import_duplicates", "summary": "Keep the postings an import flagged as near-duplicates, "
        "or drop them (they are closed).", "security": [{"bearerAuth": []}], "parameters": _IMPORT_ID,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["action"], "properties": {"action": {"type": "string",
                                                                              "enum": ["keep", "drop"]}}}}}},
        "responses": {"200": {"description": "The import.", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Import"}}}},
                      "400": _error("Not a JSON object."), "401": _error("No valid bearer token."),
                      "403": _error("Not the caller's organisation."), "404": _error("No such import."),
                      "422": _error("Unknown action, or the import has not succeeded.")}}},
    **{f"/api/v1/{plural}/export": {"get": {
        "operationId": f"export_{plural}", "summary": f"The {plural} list for the same filters as GET /api/v1/{plural}, "
        "every page, as .xlsx in the import template's columns; contacts only where the caller may see them.",
        "security": [{}, {"bearerAuth": []}],
        "parameters": [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
                       for name in ("q", "field", "region", "maturity", "org_kind")],
        "responses": {"200": _file_response("The workbook."), "401": _error("A bad bearer token.")}}}
       for plural in PLURALS},
}
