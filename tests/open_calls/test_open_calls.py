"""揭榜挂帅 open calls, first part: a need becomes a draft call, is published, and is listed in the 榜单大厅."""
from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.open_calls import services
from models import OpenCall
from models.base import utcnow
from models.choices import OpenCallStatus, PostingStatus
from tests.api.conftest import assert_error
from tests.factories import NeedFactory, OrganisationFactory, UserFactory, field


def _body(need, **overrides) -> dict:
    now = utcnow()
    return {"need_id": need.id, "reward_wan": 500, "submission_deadline": (now + timedelta(days=30)).isoformat(),
            "delivery_deadline": (now + timedelta(days=400)).isoformat(),
            "milestones": [{"title": "中试线方案评审", "share": 30}, {"title": "中试线建成并稳定运行", "share": 70}],
            **overrides}


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def need(owner):
    return NeedFactory(organisation=owner.organisation, title="半固态电池中试线关键工艺攻关")


def _create(client, api_token, user, need, **overrides):
    return client.post("/api/v1/open-calls", json=_body(need, **overrides), headers=api_token(user))


def test_a_needs_owner_turns_it_into_a_draft_call_with_the_default_rubric(client, api_token, owner, need):
    response = _create(client, api_token, owner, need)

    assert response.status_code == 201
    call = response.get_json()
    assert call["status"] == "draft" and call["reward_wan"] == 500
    assert [c["weight"] for c in call["criteria"]] == [25, 25, 20, 15, 15]
    assert [m["share"] for m in call["milestones"]] == [30, 70]


def test_a_call_takes_its_own_rubric_and_blind_review(client, api_token, owner, need):
    call = _create(client, api_token, owner, need, criteria={"技术先进性": 60, "团队能力": 40}, blind=True).get_json()

    assert {c["name"]: c["weight"] for c in call["criteria"]} == {"技术先进性": 60, "团队能力": 40}
    assert call["blind"] is True


@pytest.mark.parametrize(("overrides", "field_name"), [
    ({"criteria": {"技术先进性": 60, "团队能力": 30}}, "criteria"),
    ({"criteria": {"技术先进性": "60", "团队能力": 40}}, "criteria"),
    ({"milestones": [{"title": "一期", "share": 50}]}, "milestones"),
    ({"milestones": []}, "milestones"),
    ({"milestones": [{"title": "", "share": 100}]}, "milestones"),
    ({"milestones": "一期"}, "milestones"),
    ({"reward_wan": 0}, "reward_wan"),
    ({"reward_wan": 1e20}, "reward_wan"),
    ({"submission_deadline": "2020-01-01T00:00:00+08:00"}, "submission_deadline"),
])
def test_an_invalid_call_is_422_naming_the_field_and_stores_nothing(client, api_token, owner, need, overrides,
                                                                     field_name):
    db.session.commit()
    fields = assert_error(_create(client, api_token, owner, need, **overrides), 422)

    assert field_name in fields
    assert db.session.query(OpenCall).count() == 0


def test_the_delivery_deadline_must_follow_the_submission_deadline(client, api_token, owner, need):
    now = utcnow()
    fields = assert_error(_create(client, api_token, owner, need,
                                  submission_deadline=(now + timedelta(days=30)).isoformat(),
                                  delivery_deadline=(now + timedelta(days=10)).isoformat()), 422)

    assert set(fields) == {"delivery_deadline"}


def test_another_organisations_member_cannot_put_a_call_on_a_need(client, api_token, need):
    assert_error(_create(client, api_token, UserFactory(), need), 403)


def test_an_organiser_puts_a_call_on_a_government_bodys_need(client, api_token, need):
    organiser = UserFactory(is_organiser=True, organisation=OrganisationFactory())

    assert _create(client, api_token, organiser, need).status_code == 201


def test_a_need_has_at_most_one_call(client, api_token, owner, need):
    _create(client, api_token, owner, need)

    assert_error(_create(client, api_token, owner, need), 409)


def test_a_draft_is_seen_by_its_owner_only(client, api_token, owner, need):
    call_id = _create(client, api_token, owner, need).get_json()["id"]

    assert client.get(f"/api/v1/open-calls/{call_id}", headers=api_token(owner)).status_code == 200
    assert_error(client.get(f"/api/v1/open-calls/{call_id}"), 404)
    assert_error(client.get(f"/api/v1/open-calls/{call_id}", headers=api_token(UserFactory())), 404)
    assert client.get("/api/v1/open-calls").get_json()["total"] == 0


def test_publishing_opens_the_call_to_everyone(client, api_token, owner, need):
    call_id = _create(client, api_token, owner, need).get_json()["id"]

    response = client.post(f"/api/v1/open-calls/{call_id}/publication", headers=api_token(owner))

    assert response.status_code == 200 and response.get_json()["status"] == "open"
    assert [c["id"] for c in client.get("/api/v1/open-calls").get_json()["items"]] == [call_id]


def test_a_call_on_a_need_not_yet_published_cannot_be_published(client, api_token, owner):
    pending = NeedFactory(organisation=owner.organisation, status=PostingStatus.PENDING)
    call_id = _create(client, api_token, owner, pending).get_json()["id"]

    assert_error(client.post(f"/api/v1/open-calls/{call_id}/publication", headers=api_token(owner)), 409)


def test_only_the_owner_publishes(client, api_token, owner, need):
    call_id = _create(client, api_token, owner, need).get_json()["id"]

    assert_error(client.post(f"/api/v1/open-calls/{call_id}/publication", headers=api_token(UserFactory())), 404)


def _open_call(owner, need, days: int = 30) -> OpenCall:
    now = utcnow()
    call = services.create_open_call(db.session, owner, need, {
        "reward_wan": 300, "submission_deadline": now + timedelta(days=days),
        "delivery_deadline": now + timedelta(days=days + 300),
        "milestones": [{"title": "交付", "share": 100}]})
    services.publish_open_call(db.session, owner, call)
    db.session.commit()
    return call


def test_the_list_filters_by_field_and_status_and_puts_the_soonest_deadline_first(client, owner):
    later = _open_call(owner, NeedFactory(organisation=owner.organisation), days=60)
    sooner = _open_call(owner, NeedFactory(organisation=owner.organisation), days=10)
    other_field = _open_call(owner, NeedFactory(organisation=owner.organisation, field=field("biomedicine")))

    def ids(query: str) -> list[int]:
        return [c["id"] for c in client.get(f"/api/v1/open-calls?{query}").get_json()["items"]]

    assert ids("field=new_energy_battery") == [sooner.id, later.id]
    assert ids("field=biomedicine") == [other_field.id]
    assert ids("status=reviewing") == []
    assert_error(client.get("/api/v1/open-calls?status=won"), 422)


def test_the_hall_shows_open_calls_with_their_countdown_and_reward(client, owner, need):
    _open_call(owner, need, days=30)

    page = client.get("/open-calls").get_data(as_text=True)

    assert need.title in page and "距揭榜截止还有 30 天" in page and "300" in page


def test_the_calls_page_shows_its_rubric_and_milestones(client, owner, need):
    call = _open_call(owner, need)

    page = client.get(f"/open-calls/{call.id}").get_data(as_text=True)

    assert "技术先进性" in page and "交付" in page and call.status == OpenCallStatus.OPEN


def test_an_empty_hall_says_so(client):
    assert "暂无符合条件的榜单" in client.get("/open-calls").get_data(as_text=True)


def _form(**overrides) -> dict:
    now = utcnow()
    return {"reward_wan": "800", "submission_deadline": (now + timedelta(days=40)).strftime("%Y-%m-%dT%H:%M"),
            "delivery_deadline": (now + timedelta(days=400)).strftime("%Y-%m-%dT%H:%M"),
            "milestone_1_title": "方案评审", "milestone_1_share": "40",
            "milestone_2_title": "样机交付", "milestone_2_share": "60",
            "criterion_1": "25", "criterion_2": "25", "criterion_3": "20", "criterion_4": "15", "criterion_5": "15",
            **overrides}


def test_the_needs_owner_turns_it_into_a_call_on_the_web_and_publishes_it(client, auth, owner, need):
    auth.login(owner)
    assert "转为揭榜挂帅榜单" in client.get(f"/needs/{need.id}").get_data(as_text=True)

    created = auth.post(f"/needs/{need.id}/open-call", _form())
    call = db.session.query(OpenCall).one()
    published = auth.post(f"/open-calls/{call.id}/publish")

    assert created.status_code == 302 and published.status_code == 302
    assert call.status == OpenCallStatus.OPEN and [m.title for m in call.milestones] == ["方案评审", "样机交付"]


def test_shares_that_do_not_sum_to_100_are_shown_on_the_form_and_save_nothing(client, auth, owner, need):
    auth.login(owner)

    response = auth.post(f"/needs/{need.id}/open-call", _form(milestone_2_share="50"))

    assert response.status_code == 422 and "合计须为 100" in response.get_data(as_text=True)
    assert db.session.query(OpenCall).count() == 0


def test_another_organisations_member_gets_403_on_the_form(client, auth, need):
    auth.login(UserFactory())

    assert client.get(f"/needs/{need.id}/open-call").status_code == 403


def test_the_form_and_the_hall_read_in_english(client, auth, owner, need):
    auth.login(owner)
    client.get("/lang/en")

    form = client.get(f"/needs/{need.id}/open-call").get_data(as_text=True)
    _open_call(owner, NeedFactory(organisation=owner.organisation))
    hall = client.get("/open-calls").get_data(as_text=True)

    assert "Turn a need into an open call" in form and "Milestone 1" in form
    assert "days left to propose" in hall


def test_a_deadline_given_in_beijing_time_is_kept_as_that_moment(client, api_token, owner, need):
    response = _create(client, api_token, owner, need, submission_deadline="2027-03-01T18:00:00+08:00",
                       delivery_deadline="2027-12-01T09:00:00+08:00")

    call = client.get(f"/api/v1/open-calls/{response.get_json()['id']}", headers=api_token(owner)).get_json()
    assert call["submission_deadline"].startswith("2027-03-01T10:00:00")
    assert call["delivery_deadline"].startswith("2027-12-01T01:00:00")


def test_the_form_sets_who_may_apply_and_how_many_may_win(client, auth, owner, need):
    auth.login(owner)

    auth.post(f"/needs/{need.id}/open-call", _form(max_awards="2", eligible_org_kinds=["university", "institute"],
                                                   eligible_regions=["山西省"], qualifications="省级重点实验室\n\n高新技术企业"))

    call = db.session.query(OpenCall).one()
    assert call.max_awards == 2 and call.eligible_org_kinds == ["university", "institute"]
    assert call.eligible_regions == ["山西省"] and call.qualifications == ["省级重点实验室", "高新技术企业"]


def test_an_unknown_organisation_kind_is_refused_beside_its_field(client, auth, owner, need):
    auth.login(owner)

    response = auth.post(f"/needs/{need.id}/open-call", _form(eligible_org_kinds=["pirates"]))

    assert response.status_code == 422 and db.session.query(OpenCall).count() == 0


def test_a_milestone_may_carry_a_due_day_within_the_delivery_period(client, api_token, owner, need):
    due = (utcnow() + timedelta(days=200)).date().isoformat()
    milestones = [{"title": "方案验证", "share": 40, "due_on": due}, {"title": "中试交付", "share": 60}]

    response = _create(client, api_token, owner, need, milestones=milestones)

    assert [m["due_on"] for m in response.get_json()["milestones"]] == [due, None]


def test_a_due_day_after_the_delivery_deadline_is_refused(client, api_token, owner, need):
    late = (utcnow() + timedelta(days=500)).date().isoformat()

    response = _create(client, api_token, owner, need, milestones=[{"title": "交付", "share": 100, "due_on": late}])

    assert_error(response, 422, "validation_error")
    assert "milestones" in response.get_json()["error"]["fields"]


def test_the_form_gives_a_milestone_its_due_day(client, auth, owner, need):
    auth.login(owner)
    due = (utcnow() + timedelta(days=120)).date()

    auth.post(f"/needs/{need.id}/open-call", _form(milestone_1_due_on=due.isoformat()))

    first, second = db.session.query(OpenCall).one().milestones
    assert first.due_on == due and second.due_on is None
