"""Organisers and admins without an organisation of their own run events for a government organisation they choose."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from matchmaker.extensions import db
from models import Event, User
from models.choices import EventStatus, OrgKind
from tests.api.conftest import assert_error
from tests.factories import OrganisationFactory, UserFactory

FORM = {
    "kind": "roadshow", "title": "高新区新材料成果路演", "description": "", "field": "", "venue": "高新区会展中心",
    "online_url": "", "starts_at": "2027-07-01T09:00", "ends_at": "2027-07-01T11:00", "slot_minutes": "20",
    "tables": "4",
}
BODY = {"kind": "roadshow", "title": "高新区新材料成果路演", "starts_at": "2027-07-01T09:00:00",
        "ends_at": "2027-07-01T11:00:00", "slot_minutes": 20, "tables": 4}


@pytest.fixture
def bureau():
    return OrganisationFactory(kind=OrgKind.GOVERNMENT, name="太原市科学技术局")


def _created(title: str = FORM["title"]) -> Event | None:
    db.session.expire_all()
    return db.session.scalar(select(Event).where(Event.title == title))


def test_an_admin_made_by_create_admin_sees_an_organisation_select_on_the_event_form(app, client, auth, bureau):
    db.session.commit()
    assert app.test_cli_runner().invoke(args=["create-admin", "--email", "boss@example.cn", "--password",
                                              "boss-pass-2026"]).exit_code == 0
    admin = db.session.scalar(select(User).where(User.email == "boss@example.cn"))
    auth.login(admin, password="boss-pass-2026")

    response = client.get("/events/new")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="organisation_id"' in page and "太原市科学技术局" in page


def test_organisers_with_an_organisation_see_no_organisation_select(client, auth):
    auth.login(UserFactory(is_organiser=True, organisation=OrganisationFactory(kind=OrgKind.GOVERNMENT)))

    assert 'name="organisation_id"' not in client.get("/events/new").get_data(as_text=True)


def test_an_admin_without_an_organisation_creates_an_event_for_the_chosen_bureau_and_manages_it(client, auth, bureau):
    admin = UserFactory(admin=True)
    auth.login(admin)

    response = auth.post("/events/new", {**FORM, "organisation_id": str(bureau.id)})

    assert response.status_code == 302
    event = _created()
    assert (event.organiser_org_id, event.created_by_id, event.status) == (bureau.id, admin.id, EventStatus.DRAFT)
    assert client.get(f"/events/{event.id}/edit").status_code == 200
    assert auth.post(f"/events/{event.id}/status/open").status_code == 302
    assert _created().status == EventStatus.OPEN


def test_an_organiser_without_an_organisation_manages_the_event_they_created(client, auth, bureau):
    organiser = UserFactory(is_organiser=True, organisation=None)
    auth.login(organiser)
    auth.post("/events/new", {**FORM, "organisation_id": str(bureau.id)})
    event = _created()

    assert client.get(f"/events/{event.id}").status_code == 200  # a draft: only its managers see it
    assert f'href="/events/{event.id}"' in client.get("/events").get_data(as_text=True)
    assert client.get(f"/events/{event.id}/edit").status_code == 200


def test_the_creator_stops_managing_once_no_longer_an_organiser(client, auth, bureau):
    organiser = UserFactory(is_organiser=True, organisation=None)
    auth.login(organiser)
    auth.post("/events/new", {**FORM, "organisation_id": str(bureau.id)})
    event = _created()
    organiser.is_organiser = False

    assert client.get(f"/events/{event.id}/edit").status_code == 404


@pytest.mark.parametrize("choice", ["", "abc", "99999999999999999999", "enterprise"])
def test_a_missing_or_non_government_organisation_is_shown_next_to_the_select(client, auth, bureau, choice):
    enterprise = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    auth.login(UserFactory(is_organiser=True, organisation=None))

    response = auth.post("/events/new", {**FORM, "organisation_id": str(enterprise.id) if choice == "enterprise" else choice})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="field-organisation_id"' in page
    assert _created() is None


def test_through_the_api_an_admin_without_an_organisation_creates_and_manages_an_event(client, api_token, bureau):
    headers = api_token(UserFactory(admin=True))

    response = client.post("/api/v1/events", json={**BODY, "organisation_id": bureau.id}, headers=headers)

    assert response.status_code == 201
    data = response.get_json()
    assert data["organiser"] == {"id": bureau.id, "name": "太原市科学技术局"} and data["can_manage"] is True
    opened = client.post(f"/api/v1/events/{data['id']}/status", json={"status": "open"}, headers=headers)
    assert opened.status_code == 200 and opened.get_json()["status"] == "open"


def test_through_the_api_an_organiser_without_an_organisation_manages_the_event_they_created(client, api_token,
                                                                                            bureau):
    headers = api_token(UserFactory(is_organiser=True, organisation=None))
    event_id = client.post("/api/v1/events", json={**BODY, "organisation_id": bureau.id}, headers=headers).get_json()["id"]

    body = client.get(f"/api/v1/events/{event_id}", headers=headers).get_json()

    assert body["can_manage"] is True
    assert client.post(f"/api/v1/events/{event_id}/status", json={"status": "open"}, headers=headers).status_code == 200


@pytest.mark.parametrize("value", [None, "", "abc", 0, -3, 10**30, True, [1], {"id": 1}, "enterprise"])
def test_through_the_api_a_missing_or_non_government_organisation_is_422(client, api_token, bureau, value):
    enterprise = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    headers = api_token(UserFactory(is_organiser=True, organisation=None))
    body = dict(BODY)
    if value is not None:
        body["organisation_id"] = enterprise.id if value == "enterprise" else value

    fields = assert_error(client.post("/api/v1/events", json=body, headers=headers), 422, "validation_error")

    assert "organisation_id" in fields
    assert _created() is None


def test_an_organiser_with_an_organisation_always_creates_for_it(client, api_token, bureau):
    own = OrganisationFactory(kind=OrgKind.GOVERNMENT, name="晋中市科技局")
    headers = api_token(UserFactory(is_organiser=True, organisation=own))

    data = client.post("/api/v1/events", json={**BODY, "organisation_id": bureau.id}, headers=headers).get_json()

    assert data["organiser"]["id"] == own.id


def test_the_openapi_document_describes_organisation_id(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    assert "organisation_id" in spec["components"]["schemas"]["EventInput"]["properties"]
