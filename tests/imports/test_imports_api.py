"""Importing through the API: all rows or none, every bad row reported, imported postings matchable."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from matchmaker.extensions import db
from models import AuditEntry, PostingImport, PostingVector, TechNeed, TechOffer
from models.choices import PostingStatus
from tests.factories import OfferFactory, OrganisationFactory, UserFactory
from tests.imports.sheets import need_row, offer_row, unique_word, workbook


def upload(client, headers, content: bytes, kind: str = "offer", **form):
    data = {"file": (io.BytesIO(content), "postings.xlsx"), "kind": kind, **form}
    return client.post("/api/v1/imports", data=data, headers=headers, content_type="multipart/form-data")


def imported(client, headers, content: bytes, kind: str = "offer", **form) -> dict:
    response = upload(client, headers, content, kind, **form)
    assert response.status_code == 202, response.get_json()
    assert set(response.get_json()) == {"id", "status"}
    return client.get(f"/api/v1/imports/{response.get_json()['id']}", headers=headers).get_json()


def offers_of(organisation) -> int:
    return db.session.scalar(select(func.count()).select_from(TechOffer).where(TechOffer.organisation_id == organisation.id))


def test_a_file_with_bad_rows_commits_nothing_and_reports_exactly_those_rows_then_imports_whole_once_fixed(
        client, api_token):
    member = UserFactory()
    headers = api_token(member)
    rows = [offer_row(n) for n in range(503)]
    rows[10]["成熟度"] = "成熟得很"                 # not in the vocabulary
    rows[200]["标题"] = ""                         # required
    rows[402]["意向价格（万元）"] = "三百万"           # not a number
    report = imported(client, headers, workbook("offer", rows))
    assert report["status"] == "failed" and report["created"] == []
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(12, "成熟度"), (202, "标题"), (404, "意向价格（万元）")]
    assert all(e["message"] for e in report["errors"])
    assert offers_of(member.organisation) == 0

    rows[10]["成熟度"], rows[200]["标题"], rows[402]["意向价格（万元）"] = "小试", "碳纤维修复技术 " + unique_word(200), 300
    report = imported(client, headers, workbook("offer", rows))
    assert report["status"] == "succeeded" and report["progress"] == 1.0
    assert len(report["created"]) == 503 == offers_of(member.organisation)
    for n in range(503):
        hits = client.get(f"/api/v1/search?type=offer&q={unique_word(n)}").get_json()["items"]
        assert [hit["offer"]["title"] for hit in hits][:1] == [rows[n]["标题"]], unique_word(n)


def test_imported_postings_are_stored_with_their_vectors_so_nothing_is_encoded_again(client, api_token):
    member = UserFactory()
    report = imported(client, api_token(member), workbook("offer", [offer_row(n) for n in range(3)]))
    stored = db.session.scalar(select(func.count()).select_from(PostingVector).where(
        PostingVector.posting_kind == "offer", PostingVector.posting_id.in_(report["created"])))
    assert stored == 3


def test_postings_of_an_unverified_organisation_wait_for_moderation(client, api_token):
    member = UserFactory(organisation=OrganisationFactory(unverified=True))
    report = imported(client, api_token(member), workbook("offer", [offer_row(1)]))
    assert db.session.get(TechOffer, report["created"][0]).status == PostingStatus.PENDING


def test_a_verified_organisation_s_imported_postings_are_published(client, api_token):
    member = UserFactory()
    report = imported(client, api_token(member), workbook("offer", [offer_row(1)]))
    assert db.session.get(TechOffer, report["created"][0]).status == PostingStatus.PUBLISHED


def test_imports_can_save_drafts_instead(client, api_token):
    member = UserFactory()
    report = imported(client, api_token(member), workbook("offer", [offer_row(1)]), submit="false")
    assert db.session.get(TechOffer, report["created"][0]).status == PostingStatus.DRAFT


def test_needs_import_with_dates_budgets_and_cooperation_modes(client, api_token):
    member = UserFactory()
    report = imported(client, api_token(member), workbook("need", [need_row(1)]), kind="need")
    need = db.session.get(TechNeed, report["created"][0])
    assert (str(need.deadline), float(need.budget_max_wan), need.cooperation_modes) == ("2027-06-30", 200.0,
                                                                                        ["co_development"])


def test_codes_and_chinese_labels_are_both_accepted_for_every_vocabulary(client, api_token):
    member = UserFactory()
    by_code = offer_row(1, 技术领域="new_materials", 成熟度="pilot", 转化方式="transfer、license", 知识产权状态="granted_patent")
    by_label = offer_row(2)
    report = imported(client, api_token(member), workbook("offer", [by_code, by_label]))
    first, second = (db.session.get(TechOffer, i) for i in report["created"])
    assert (first.field.code, first.maturity, first.transfer_modes) == (second.field.code, second.maturity,
                                                                        second.transfer_modes)


def test_a_row_that_nearly_duplicates_a_posting_on_the_market_is_a_warning_not_an_error(client, api_token):
    member = UserFactory()
    existing = OfferFactory(title="镁合金精密铸造技术",
                            description="本成果面向汽车轻量化，采用精密铸造工艺制备镁合金部件，性能稳定。")
    client.get("/api/v1/search?type=offer&q=镁合金")  # the index knows the existing offer
    row = offer_row(1, 标题=existing.title, 详细描述=existing.description, 关键词="正极材料、单晶、锂电池",
                    技术领域=existing.field.name_zh)
    report = imported(client, api_token(member), workbook("offer", [row, offer_row(2)]))
    assert report["status"] == "succeeded" and len(report["created"]) == 2
    assert [(w["row"], w["duplicate_of"]["id"]) for w in report["warnings"]] == [(2, existing.id)]


def test_duplicates_within_the_file_are_flagged_and_can_be_skipped(client, api_token):
    member = UserFactory()
    rows = [offer_row(1), offer_row(1), offer_row(2)]
    report = imported(client, api_token(member), workbook("offer", rows), duplicates="skip")
    assert [(w["row"], w["duplicate_of"], w["resolution"]) for w in report["warnings"]] == [(3, {"row": 2}, "skipped")]
    assert len(report["created"]) == 2


def test_flagged_duplicates_can_be_dropped_after_the_import(client, api_token):
    member = UserFactory()
    headers = api_token(member)
    report = imported(client, headers, workbook("offer", [offer_row(1), offer_row(1)]))
    flagged = report["warnings"][0]["posting_id"]
    response = client.post(f"/api/v1/imports/{report['id']}/duplicates", json={"action": "drop"}, headers=headers)
    assert response.status_code == 200 and response.get_json()["warnings"][0]["resolution"] == "dropped"
    assert db.session.get(TechOffer, flagged).status == PostingStatus.CLOSED
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "import.duplicates_dropped")) is not None


def test_resolving_duplicates_with_an_unknown_action_is_a_422(client, api_token):
    member = UserFactory()
    headers = api_token(member)
    report = imported(client, headers, workbook("offer", [offer_row(1)]))
    response = client.post(f"/api/v1/imports/{report['id']}/duplicates", json={"action": ["drop"]}, headers=headers)
    assert response.status_code == 422 and "action" in response.get_json()["error"]["fields"]


def test_another_organisation_cannot_see_an_import(client, api_token):
    report = imported(client, api_token(UserFactory()), workbook("offer", [offer_row(1)]))
    response = client.get(f"/api/v1/imports/{report['id']}", headers=api_token(UserFactory()))
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_uploading_needs_a_token(client):
    response = client.post("/api/v1/imports", data={"kind": "offer"}, content_type="multipart/form-data")
    assert response.status_code == 401


@pytest.mark.parametrize("form, field", [
    ({"kind": "patent"}, "kind"),
    ({"kind": "offer", "duplicates": "maybe"}, "duplicates"),
    ({"kind": "offer", "submit": "perhaps"}, "submit"),
    ({"kind": "offer", "organisation_id": "1e99"}, "organisation_id"),
])
def test_bad_upload_fields_are_422_with_the_field_named(client, api_token, form, field):
    response = upload(client, api_token(UserFactory()), workbook("offer", [offer_row(1)]), **form)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]


def test_an_upload_without_a_file_is_a_422(client, api_token):
    response = client.post("/api/v1/imports", data={"kind": "offer"}, headers=api_token(UserFactory()),
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "file" in response.get_json()["error"]["fields"]


def test_a_file_that_is_not_xlsx_is_refused_before_anything_runs(client, api_token):
    response = client.post("/api/v1/imports", data={"kind": "offer", "file": (io.BytesIO(b"a,b"), "x.csv")},
                           headers=api_token(UserFactory()), content_type="multipart/form-data")
    assert response.status_code == 422 and "file" in response.get_json()["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(PostingImport)) == 0


def test_a_corrupt_workbook_fails_with_a_message_and_imports_nothing(client, api_token):
    report = imported(client, api_token(UserFactory()), b"PK\x03\x04 definitely not a workbook")
    assert report["status"] == "failed" and ".xlsx" in report["errors"][0]["message"]


def test_a_member_cannot_import_for_another_organisation(client, api_token):
    other = OrganisationFactory()
    response = upload(client, api_token(UserFactory()), workbook("offer", [offer_row(1)]), organisation_id=str(other.id))
    assert response.status_code == 403


def test_an_admin_without_an_organisation_imports_for_the_one_they_name(client, api_token):
    organisation = OrganisationFactory()
    report = imported(client, api_token(UserFactory(admin=True)), workbook("offer", [offer_row(1)]),
                      organisation_id=str(organisation.id))
    assert db.session.get(TechOffer, report["created"][0]).organisation_id == organisation.id


def test_an_oversized_upload_is_a_413_in_the_error_shape(client, api_token):
    response = upload(client, api_token(UserFactory()), b"x" * (17 * 1024 * 1024))
    assert response.status_code == 413 and "error" in response.get_json()
