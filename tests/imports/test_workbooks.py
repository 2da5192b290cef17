"""The template and how uploaded workbooks are read."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from matchmaker.extensions import db
from matchmaker.forms import api_form
from matchmaker.imports.columns import COLUMNS, Vocabularies
from matchmaker.imports.workbook import WorkbookError, build_workbook, read_sheet
from matchmaker.market.forms import FORMS
from matchmaker.market.services import active_fields
from tests.imports.sheets import offer_row, workbook


def _template(client, kind: str):
    response = client.get(f"/api/v1/imports/template?kind={kind}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.data))


@pytest.mark.parametrize("kind", ["offer", "need"])
def test_the_template_has_one_chinese_heading_per_form_field(client, kind):
    sheet = _template(client, kind).worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    form = api_form(FORMS[kind], {}, field_choices=[])
    assert headings == [str(form[column.name].label.text) for column in COLUMNS[kind]]
    assert [column.name for column in COLUMNS[kind]] == [f.name for f in form]


@pytest.mark.parametrize("kind", ["offer", "need"])
def test_the_template_offers_every_vocabulary_as_a_drop_down_list(client, kind):
    book = _template(client, kind)
    sheet, options = book.worksheets[0], book["选项"]
    validated = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1 for v in sheet.data_validations.dataValidation}
    vocabulary_columns = [i for i, c in enumerate(COLUMNS[kind], 1) if c.vocabulary or c.type == "bool"]
    letters = {sheet.cell(row=1, column=i).column_letter for i in vocabulary_columns}
    assert letters == set(validated)
    region_range = validated[sheet.cell(row=1, column=5).column_letter]
    assert region_range.startswith("'选项'!") and options.sheet_state == "hidden"
    listed = {cell.value for row in options.iter_rows(min_row=2) for cell in row if cell.value}
    assert {"山西省", "新材料", "是", "否"} <= listed


def test_the_template_holds_one_example_row_which_an_import_skips(client):
    book = _template(client, "offer")
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert len([r for r in rows if any(r)]) == 1 and rows[0][0].startswith("【示例】")
    response = client.get("/api/v1/imports/template?kind=offer")
    assert read_sheet(response.data, "offer").rows == []


def test_an_unknown_template_kind_is_a_422_in_the_error_shape(client):
    response = client.get("/api/v1/imports/template?kind=patent")
    assert response.status_code == 422
    assert "kind" in response.get_json()["error"]["fields"]


def test_vocabularies_accept_codes_chinese_labels_and_english_labels():
    vocabularies = Vocabularies(active_fields(db.session))
    assert vocabularies.code("maturity", "中试") == vocabularies.code("maturity", "pilot") == "pilot"
    assert vocabularies.code("maturity", "Pilot") == "pilot"
    assert vocabularies.code("field", "新材料") == vocabularies.code("field", "New materials") == "new_materials"
    assert vocabularies.code("region", "山西") == "山西省"
    assert vocabularies.code("maturity", "成熟") is None


def test_english_headings_and_field_names_are_read_like_the_chinese_ones():
    content = workbook("offer", [{"Title": "x", "Details": "y"}], headings=["Title", "Details"])
    with pytest.raises(WorkbookError):  # still missing required columns, but the headings were recognised
        read_sheet(content, "offer")


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message():
    with pytest.raises(WorkbookError) as caught:
        read_sheet(b"not a zip file at all", "offer")
    assert ".xlsx" in caught.value.message


def test_a_workbook_missing_a_required_column_names_it():
    content = workbook("offer", [offer_row(1)], headings=["标题", "详细描述"])
    with pytest.raises(WorkbookError) as caught:
        read_sheet(content, "offer")
    assert "技术领域" in caught.value.message and caught.value.column == "技术领域"


def test_empty_rows_are_skipped_and_rows_keep_their_sheet_numbers():
    content = workbook("offer", [offer_row(1), {}, offer_row(2)])
    assert [row.number for row in read_sheet(content, "offer").rows] == [2, 4]


def test_text_that_looks_like_a_formula_is_written_as_text():
    rows = [{"title": "=HYPERLINK(\"http://evil.example\",\"click\")", "description": "x", "keywords": []}]
    content = build_workbook("offer", Vocabularies(active_fields(db.session)), rows=rows)
    cell = load_workbook(io.BytesIO(content)).worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
