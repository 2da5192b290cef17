"""The import pages, the CLI, the RQ path and the market export."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import delete, func, select

from matchmaker.extensions import db
from matchmaker.imports.columns import COLUMNS
from matchmaker.market.services import posting_values
from models import PostingImport, PostingVector, TechOffer
from models.choices import ImportStatus, Maturity, PostingStatus
from tests.conftest import run_rq_worker
from tests.factories import OfferFactory, OrganisationFactory, UserFactory, field
from tests.imports.sheets import offer_row, read_rows, workbook


def _upload_page(auth, content: bytes, **form):
    data = {"kind": "offer", "duplicates": "keep", "submit_postings": "y", **form,
            "file": (io.BytesIO(content), form.pop("filename", "成果清单.xlsx"))}
    return auth.post("/market/import", data=data, content_type="multipart/form-data")


def test_the_upload_page_offers_both_templates(client, auth):
    auth.login(UserFactory())
    page = client.get("/market/import").get_data(as_text=True)
    assert "/market/import/template/offer.xlsx" in page and "/market/import/template/need.xlsx" in page


def test_a_visitor_without_an_organisation_is_sent_to_join_one(client, auth):
    auth.login(UserFactory(organisation=None))
    response = client.get("/market/import")
    assert response.status_code == 302 and "/org" in response.headers["Location"]


def test_uploading_on_the_web_leads_to_the_import_s_report(client, auth):
    auth.login(UserFactory())
    response = _upload_page(auth, workbook("offer", [offer_row(1), offer_row(2)]))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已导入 2 条信息" in page


def test_a_failed_import_page_lists_each_bad_row_and_column(client, auth):
    auth.login(UserFactory())
    response = _upload_page(auth, workbook("offer", [offer_row(1, 所在地区="火星"), offer_row(2)]))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "没有导入任何一行" in page and "<td>2</td><td>所在地区</td>" in page


def test_an_upload_without_a_file_shows_the_error_next_to_the_field(client, auth):
    auth.login(UserFactory())
    response = auth.post("/market/import", data={"kind": "offer", "duplicates": "keep"})
    assert response.status_code == 422
    assert 'id="field-file"' in response.get_data(as_text=True) and "请选择要上传的文件" in response.get_data(as_text=True)


def test_the_progress_endpoint_answers_json_for_the_owner_only(client, auth):
    owner = UserFactory()
    auth.login(owner)
    location = _upload_page(auth, workbook("offer", [offer_row(1)])).headers["Location"]
    status = client.get(location + "/status").get_json()
    assert status["status"] == "succeeded" and status["progress"] == 1.0 and "errors" not in status
    auth.logout()
    auth.login(UserFactory())
    assert client.get(location + "/status").status_code == 404


def test_dropping_flagged_duplicates_on_the_web_asks_first_and_closes_them(client, auth):
    auth.login(UserFactory())
    location = _upload_page(auth, workbook("offer", [offer_row(1), offer_row(1)])).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "data-confirm=" in page and "删除这些重复信息" in page
    auth.post(location + "/duplicates", data={"action": "drop"})
    record = db.session.get(PostingImport, int(location.rsplit("/", 1)[1]))
    assert db.session.get(TechOffer, record.warnings[0]["posting_id"]).status == PostingStatus.CLOSED


def test_the_import_command_loads_a_file_for_an_organisation(app, tmp_path):
    organisation = OrganisationFactory()
    path = tmp_path / "offers.xlsx"
    path.write_bytes(workbook("offer", [offer_row(n) for n in range(4)]))
    result = app.test_cli_runner().invoke(args=["import", str(path), "--kind", "offer",
                                                "--organisation", str(organisation.id)])
    assert result.exit_code == 0, result.output
    assert "4 offers created" in result.output
    assert db.session.scalar(select(func.count()).select_from(TechOffer).where(
        TechOffer.organisation_id == organisation.id)) == 4


def test_the_import_command_reports_every_bad_row_and_exits_non_zero(app, tmp_path):
    organisation = OrganisationFactory()
    path = tmp_path / "offers.xlsx"
    path.write_bytes(workbook("offer", [offer_row(1, 成熟度=""), offer_row(2), offer_row(3, 联系邮箱="not-an-email")]))
    result = app.test_cli_runner().invoke(args=["import", str(path), "--kind", "offer",
                                                "--organisation", str(organisation.id)])
    assert result.exit_code == 1
    assert "row 2, 成熟度" in result.output and "row 4, 联系邮箱" in result.output
    assert db.session.scalar(select(func.count()).select_from(TechOffer).where(
        TechOffer.organisation_id == organisation.id)) == 0


def test_with_redis_the_import_waits_for_an_rq_worker_which_then_runs_it(client, api_token, rq_queue):
    from matchmaker.imports import jobs

    queue = rq_queue(jobs, "QUEUE")
    member = UserFactory()
    headers = api_token(member)
    response = client.post("/api/v1/imports", headers=headers, content_type="multipart/form-data",
                           data={"kind": "offer", "file": (io.BytesIO(workbook("offer", [offer_row(1)])), "a.xlsx")})
    assert response.get_json()["status"] == "queued"
    assert queue.count == 1
    run_rq_worker(queue)
    report = client.get(f"/api/v1/imports/{response.get_json()['id']}", headers=headers).get_json()
    assert report["status"] == "succeeded" and len(report["created"]) == 1


def test_an_import_that_raises_midway_is_failed_and_leaves_no_posting(app, monkeypatch):
    from matchmaker.imports import jobs, services

    organisation = OrganisationFactory()
    record = services.create_import(db.session, None, "offer", "a.xlsx", workbook("offer", [offer_row(1), offer_row(2)]),
                                    organisation=organisation)
    db.session.commit()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_save", explode)
    with pytest.raises(RuntimeError):
        jobs.run_import_job(record.id)
    db.session.refresh(record)
    assert record.status == ImportStatus.FAILED and record.errors
    assert db.session.scalar(select(func.count()).select_from(TechOffer).where(
        TechOffer.organisation_id == organisation.id)) == 0


# -- export -----------------------------------------------------------------------------------------------------------

def test_the_export_has_the_template_s_columns_and_only_the_filtered_postings(client):
    OfferFactory(title="中试成果", maturity=Maturity.PILOT)
    OfferFactory(title="实验室成果", maturity=Maturity.LAB)
    response = client.get("/offers/export.xlsx?maturity=pilot")
    headings, rows = read_rows(response.data)
    assert headings == [c.header for c in COLUMNS["offer"]]
    assert [row[0] for row in rows] == ["中试成果"]


def test_the_export_leaves_contacts_empty_for_those_who_may_not_see_them(client, auth):
    offer = OfferFactory(title="带联系人的成果")
    contact = headings_index("联系电话")
    _headings, rows = read_rows(client.get("/offers/export.xlsx").data)
    assert rows[0][contact] is None
    auth.login(UserFactory(organisation=offer.organisation))
    _headings, rows = read_rows(client.get("/offers/export.xlsx").data)
    assert rows[0][contact] == offer.contact_phone


def test_text_stored_with_control_characters_exports_without_them(client):
    OfferFactory(title="带\x0b控制\x1b字符的成果")  # from before the request guards refused such characters

    response = client.get("/offers/export.xlsx")

    assert response.status_code == 200
    assert [row[0] for row in read_rows(response.data)[1]] == ["带控制字符的成果"]


def headings_index(heading: str) -> int:
    return [c.header for c in COLUMNS["offer"]].index(heading)


def test_the_api_export_follows_the_same_filters(client):
    OfferFactory(title="新材料成果", field=field("new_materials"))
    OfferFactory(title="电池成果")
    _headings, rows = read_rows(client.get("/api/v1/offers/export?field=new_materials").data)
    assert [row[0] for row in rows] == ["新材料成果"]


def test_an_exported_list_imports_into_a_market_without_it_as_the_same_postings_field_by_field(client, api_token):
    owner = UserFactory()
    organisation = owner.organisation
    OfferFactory(organisation=organisation, title="宽幅镁合金板材轧制", field=field("magnesium_alloy"), region="陕西省",
                 keywords=["镁合金", "轧制"], maturity=Maturity.SMALL_BATCH, patent_numbers=["ZL202110000001.1"],
                 transfer_modes=["license", "equity"], asking_price_wan=None, price_negotiable=True)
    OfferFactory(organisation=organisation, title="=SUM(1,2) 不是公式", asking_price_wan=88.5)
    OfferFactory(organisation=organisation, title="另一领域的成果", field=field("biomedicine"))
    headers = api_token(owner)
    exported = client.get("/api/v1/offers/export?region=山西省", headers=headers).data  # two of the three
    wanted = {p.title: _comparable(p) for p in db.session.scalars(select(TechOffer).where(
        TechOffer.organisation_id == organisation.id, TechOffer.region == "山西省"))}
    db.session.execute(delete(PostingVector))
    db.session.execute(delete(TechOffer))
    db.session.commit()
    response = client.post("/api/v1/imports", headers=headers, content_type="multipart/form-data",
                           data={"kind": "offer", "file": (io.BytesIO(exported), "export.xlsx")})
    report = client.get(f"/api/v1/imports/{response.get_json()['id']}", headers=headers).get_json()
    assert report["status"] == "succeeded", report["errors"]
    again = {p.title: _comparable(p) for p in db.session.scalars(select(TechOffer))}
    assert again == wanted and len(wanted) == 2


def test_an_export_with_every_field_filled_round_trips_through_an_import(client, api_token):
    owner = UserFactory()
    OfferFactory(organisation=owner.organisation, title="全字段成果", region="陕西省", keywords=["镁合金", "轧制"],
                 maturity=Maturity.SMALL_BATCH, patent_numbers=["ZL202110000001.1", "ZL202110000002.X"],
                 transfer_modes=["license", "equity"], asking_price_wan=None, price_negotiable=True,
                 field=field("magnesium_alloy"))
    headers = api_token(owner)
    exported = client.get("/api/v1/offers/export", headers=headers).data
    wanted = [_comparable(p) for p in db.session.scalars(select(TechOffer))]
    db.session.execute(delete(PostingVector))
    db.session.execute(delete(TechOffer))
    db.session.commit()
    response = client.post("/api/v1/imports", headers=headers, content_type="multipart/form-data",
                           data={"kind": "offer", "file": (io.BytesIO(exported), "export.xlsx")})
    assert client.get(response.headers["Location"], headers=headers).get_json()["status"] == "succeeded"
    assert [_comparable(p) for p in db.session.scalars(select(TechOffer))] == wanted


def _comparable(posting) -> dict:
    values = posting_values(posting)
    values["asking_price_wan"] = None if values["asking_price_wan"] is None else float(values["asking_price_wan"])
    return values
