"""The owner withdraws a call before its award (撤榜), or moves its deadlines while it takes proposals."""
import re
from datetime import timedelta

from matchmaker.extensions import db
from models import Notification
from models.base import utcnow
from models.choices import OpenCallStatus
from tests.api.conftest import assert_error


def _url(scene, tail: str) -> str:
    return f"/api/v1/open-calls/{scene.call.id}{tail}"


def test_the_owner_withdraws_a_call_and_every_applicant_is_told_why(client, api_token, scene):
    scene.submit(scene.applicant_a)

    response = client.post(_url(scene, "/cancellation"), json={"reason": "预算调整，项目暂停"},
                           headers=api_token(scene.owner))

    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    notice = db.session.query(Notification).filter_by(kind="open_call.cancelled").one()
    assert notice.user_id == scene.applicant_a.id and notice.params["reason"] == "预算调整，项目暂停"


def test_a_withdrawn_call_stays_readable_for_the_applicants_notice_but_leaves_the_hall(client, api_token, scene):
    client.post(_url(scene, "/cancellation"), json={"reason": "预算调整"}, headers=api_token(scene.owner))

    assert client.get(_url(scene, "")).get_json()["status"] == "cancelled"
    assert client.get("/api/v1/open-calls").get_json()["items"] == []


def test_withdrawing_needs_a_reason(client, api_token, scene):
    response = client.post(_url(scene, "/cancellation"), json={"reason": "  "}, headers=api_token(scene.owner))

    assert_error(response, 422, "validation_error")
    assert scene.call.status == OpenCallStatus.OPEN


def test_an_applicant_cannot_withdraw_the_call(client, api_token, scene):
    response = client.post(_url(scene, "/cancellation"), json={"reason": "不想要了"},
                           headers=api_token(scene.applicant_a))

    assert_error(response, 403, "forbidden")


def test_an_awarded_call_cannot_be_withdrawn(client, api_token, scene):
    scene.call.status = OpenCallStatus.AWARDED
    db.session.flush()

    response = client.post(_url(scene, "/cancellation"), json={"reason": "反悔"}, headers=api_token(scene.owner))

    assert_error(response, 409, "conflict")


def test_the_owner_extends_the_submission_deadline(client, api_token, scene):
    later = (utcnow() + timedelta(days=60)).replace(microsecond=0)

    response = client.put(_url(scene, "/deadlines"), json={"submission_deadline": later.isoformat()},
                          headers=api_token(scene.owner))

    assert response.status_code == 200
    assert response.get_json()["submission_deadline"] == later.isoformat()


def test_a_deadline_in_the_past_is_refused(client, api_token, scene):
    earlier = utcnow() - timedelta(days=1)

    response = client.put(_url(scene, "/deadlines"), json={"submission_deadline": earlier.isoformat()},
                          headers=api_token(scene.owner))

    assert_error(response, 422, "validation_error")
    assert "submission_deadline" in response.get_json()["error"]["fields"]


def test_deadlines_stay_once_submissions_have_closed(client, api_token, scene):
    scene.review()

    response = client.put(_url(scene, "/deadlines"),
                          json={"submission_deadline": (utcnow() + timedelta(days=9)).isoformat()},
                          headers=api_token(scene.owner))

    assert_error(response, 409, "conflict")


def test_the_owner_withdraws_the_call_from_its_page(client, auth, scene):
    auth.login(scene.owner)

    response = auth.post(f"/open-calls/{scene.call.id}/cancel", {"cancel-reason": "需求已由内部团队解决"})

    assert response.status_code == 302 and scene.call.status == OpenCallStatus.CANCELLED


def test_the_page_says_a_withdrawal_needs_a_reason_beside_the_field(client, auth, scene):
    auth.login(scene.owner)

    response = auth.post(f"/open-calls/{scene.call.id}/cancel", {"cancel-reason": ""})

    assert response.status_code == 422 and "请填写撤榜理由" in response.get_data(as_text=True)
    assert scene.call.status == OpenCallStatus.OPEN


def test_the_owner_moves_the_deadline_from_the_page(client, auth, scene):
    auth.login(scene.owner)
    later = (utcnow() + timedelta(days=45)).astimezone().strftime("%Y-%m-%dT%H:%M")

    response = auth.post(f"/open-calls/{scene.call.id}/deadlines", {"deadlines-submission_deadline": later})

    assert response.status_code == 302
    assert scene.call.submission_deadline.date() >= (utcnow() + timedelta(days=44)).date()


def test_the_owners_call_page_gives_every_element_its_own_id(client, auth, world):
    auth.login(world.scene.owner)

    page = client.get(f"/open-calls/{world.scene.call.id}").get_data(as_text=True)

    ids = re.findall(r'\sid="([^"]+)"', page)
    assert "ranking" in ids and "cancel-reason" in ids
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
