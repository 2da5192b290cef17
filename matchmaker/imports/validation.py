"""Validating spreadsheet rows with the very forms the web and the API use."""
from __future__ import annotations

from dataclasses import dataclass, field

from matchmaker.forms import api_form
from matchmaker.imports.columns import COLUMNS, CellError, Vocabularies, to_form_value
from matchmaker.imports.workbook import Sheet, SheetRow
from matchmaker.market.forms import FORMS


@dataclass
class RowResult:
    """A validated row: the form's data when valid, else its errors as (column heading, message)."""

    number: int
    data: dict | None
    errors: list[tuple[str, str]] = field(default_factory=list)


def validate_row(kind: str, sheet: Sheet, row: SheetRow, vocabularies: Vocabularies,
                 field_choices: list[tuple[str, str]]) -> RowResult:
    """Read one row's cells into form data, then validate them with the kind's posting form."""
    payload: dict = {}
    errors: list[tuple[str, str]] = []
    for column in COLUMNS[kind]:
        if column.name not in sheet.headers:
            continue
        try:
            value = to_form_value(column, row.cells.get(column.name), vocabularies)
        except CellError as exc:
            errors.append((sheet.headers[column.name], str(exc)))
            continue
        if value not in (None, "", []):
            payload[column.name] = value
    form = api_form(FORMS[kind], payload, field_choices=field_choices)
    failed = {name for name, _message in errors}
    if not form.validate():
        for name, messages in form.errors.items():
            heading = _heading(kind, sheet, name)
            if heading not in failed and messages:
                errors.append((heading, str(messages[0])))
    if errors:
        order = {sheet.headers.get(c.name, c.header): i for i, c in enumerate(COLUMNS[kind])}
        errors.sort(key=lambda item: order.get(item[0], len(order)))
        return RowResult(row.number, None, errors)
    return RowResult(row.number, {name: value for name, value in form.data.items() if name in _names(kind)})


def _names(kind: str) -> set[str]:
    return {column.name for column in COLUMNS[kind]}


def _heading(kind: str, sheet: Sheet, name: str) -> str:
    """The heading a field's error is shown under: the file's own, or the template's for a column it lacks."""
    if name in sheet.headers:
        return sheet.headers[name]
    return next((c.header for c in COLUMNS[kind] if c.name == name), name)
