"""Proposal attachments: PDF and Office files up to 20 MB, checked by content, served only as downloads."""
import io
import json
import zipfile
from pathlib import Path

import pytest

from matchmaker.extensions import db
from matchmaker.open_calls import attachments
from models import Proposal, ProposalAttachment
from tests.api.conftest import assert_error
from tests.open_calls.conftest import proposal_body

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _multipart(files, **overrides) -> dict:
    body = proposal_body(**overrides)
    return {**{k: str(v) for k, v in body.items() if k != "team"}, "team": json.dumps(body["team"]),
            "files": [(io.BytesIO(content), name) for name, content in files]}


def _submit(client, api_token, scene, files, user=None):
    return client.post(f"/api/v1/open-calls/{scene.call.id}/proposals", data=_multipart(files),
                       content_type="multipart/form-data", headers=api_token(user or scene.applicant_a))


def test_a_multipart_proposal_keeps_its_pdf_and_word_files(client, api_token, scene):
    response = _submit(client, api_token, scene, [("技术方案.pdf", PDF), ("预算.docx", _docx())])

    assert response.status_code == 201
    files = response.get_json()["attachments"]
    assert [(f["filename"], f["content_type"]) for f in files] == [
        ("技术方案.pdf", "application/pdf"),
        ("预算.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]


def test_a_file_over_20_mb_answers_413_and_saves_nothing(client, api_token, scene):
    big = PDF + b"0" * attachments.MAX_BYTES

    response = _submit(client, api_token, scene, [("大文件.pdf", big)])

    assert_error(response, 413, "payload_too_large")
    assert db.session.query(Proposal).count() == 0


def test_a_file_of_an_unsupported_type_answers_422(client, api_token, scene):
    response = _submit(client, api_token, scene, [("程序.exe", b"MZ\x90\x00" + b"\x00" * 64)])

    assert_error(response, 422, "validation_error")
    assert "files" in response.get_json()["error"]["fields"]


def test_an_html_page_renamed_pdf_is_refused(client, api_token, scene):
    response = _submit(client, api_token, scene, [("方案.pdf", HTML)])

    assert_error(response, 422, "validation_error")
    assert db.session.query(ProposalAttachment).count() == 0


def test_a_zip_renamed_docx_without_a_word_document_is_refused(client, api_token, scene):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", HTML)

    response = _submit(client, api_token, scene, [("方案.docx", buffer.getvalue())])

    assert_error(response, 422, "validation_error")


def test_attachments_are_served_as_downloads_never_inline(client, api_token, scene):
    created = _submit(client, api_token, scene, [("技术方案.pdf", PDF)]).get_json()

    response = client.get(created["attachments"][0]["url"], headers=api_token(scene.owner))

    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("who", ["applicant_b", "outsider", "spare_expert"])
def test_attachments_are_refused_to_those_who_may_not_read_the_proposal(client, api_token, scene, who):
    created = _submit(client, api_token, scene, [("技术方案.pdf", PDF)]).get_json()

    response = client.get(created["attachments"][0]["url"], headers=api_token(getattr(scene, who)))

    assert response.status_code == 404
    assert PDF not in response.data


def test_attachments_are_refused_to_anonymous_callers(client, api_token, scene):
    created = _submit(client, api_token, scene, [("技术方案.pdf", PDF)]).get_json()

    assert client.get(created["attachments"][0]["url"]).status_code == 404


def test_files_are_stored_under_random_keys_outside_the_web_root(client, api_token, scene, app):
    _submit(client, api_token, scene, [("../../static/evil.pdf", PDF)])

    stored = db.session.query(ProposalAttachment).one()
    assert stored.filename == "evil.pdf"
    root = app.config["MATCHMAKER_ATTACHMENT_DIR"]
    assert attachments.read(Path(root), stored.storage_key) == PDF
    assert not root.startswith(app.static_folder)


def test_the_applicant_removes_a_file_before_the_deadline(client, api_token, scene):
    created = _submit(client, api_token, scene, [("技术方案.pdf", PDF)]).get_json()

    response = client.delete(created["attachments"][0]["url"], headers=api_token(scene.applicant_a))

    assert response.status_code == 204
    assert db.session.query(ProposalAttachment).count() == 0


def test_a_chinese_file_name_reaches_old_clients_as_a_plain_ascii_one(client, api_token, scene):
    created = _submit(client, api_token, scene, [("技术方案.pdf", PDF)]).get_json()

    disposition = client.get(created["attachments"][0]["url"], headers=api_token(scene.owner)).headers[
        "Content-Disposition"]

    assert f'filename="attachment-{created["attachments"][0]["id"]}.pdf"' in disposition
    assert "filename*=UTF-8''%E6%8A%80%E6%9C%AF%E6%96%B9%E6%A1%88.pdf" in disposition
