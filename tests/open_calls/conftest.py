"""A call with two applicants and a panel of three experts, shared by the open-call tests."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from matchmaker.extensions import db
from matchmaker.open_calls import attachments, proposals, review
from models import OpenCall, Proposal, User
from models.choices import OpenCallStatus, OrgKind
from tests.factories import OpenCallFactory, OrganisationFactory, UserFactory


def proposal_body(**overrides) -> dict:
    return {"approach": "采用原位固化电解质与干法电极工艺，分三步完成中试。",
            "team": [{"name": "张教授", "title": "教授", "role": "负责人"},
                     {"name": "李博士", "title": "副研究员", "role": "工艺"}],
            "budget_wan": 280, "plan": "第一阶段完成方案验证，第二阶段建成中试线。", **overrides}


@dataclass
class Scene:
    call: OpenCall
    owner: User
    applicant_a: User
    applicant_b: User
    experts: list[User]
    outsider: User
    admin: User
    spare_expert: User

    def submit(self, user: User, **overrides) -> Proposal:
        return proposals.submit_proposal(db.session, user, self.call, proposal_body(**overrides))

    def panel(self) -> None:
        """Assign the three experts, who each declare no conflict."""
        review.assign_experts(db.session, self.owner, self.call, [e.id for e in self.experts])
        for expert in self.experts:
            review.declare(db.session, expert, self.call, False)

    def review(self) -> None:
        self.call.status = OpenCallStatus.REVIEWING
        db.session.flush()


@pytest.fixture
def scene() -> Scene:
    call = OpenCallFactory()
    owner = UserFactory(organisation=call.need.organisation)
    applicant_a = UserFactory(organisation=OrganisationFactory(kind=OrgKind.UNIVERSITY, name="甲大学"))
    applicant_b = UserFactory(organisation=OrganisationFactory(kind=OrgKind.INSTITUTE, name="乙研究院"))
    experts = [UserFactory(expert=True, organisation=OrganisationFactory(name=f"专家单位{i}")) for i in range(3)]
    return Scene(call, owner, applicant_a, applicant_b, experts, outsider=UserFactory(),
                 admin=UserFactory(admin=True), spare_expert=UserFactory(expert=True))


# A call in review: A's proposal (with a PDF) and B's, one assigned expert who declared and scored both.
SECRET_A, SECRET_B, SECRET_COMMENT = "甲方案机密QX17", "乙方案机密ZK42", "评语机密WN88"
PDF_A = b"%PDF-1.4\n% " + SECRET_A.encode() + b"\ntrailer << >>\n%%EOF\n"


@dataclass
class World:
    scene: object
    a: object
    b: object
    attachment: object

    def user(self, actor: str):
        if actor == "anonymous":
            return None
        return {"unassigned_expert": self.scene.spare_expert,
                "assigned_expert": self.scene.experts[0]}.get(actor) or getattr(self.scene, actor)


@pytest.fixture
def world(scene) -> World:
    pdf = attachments.check_file("方案.pdf", PDF_A)
    a = proposals.submit_proposal(db.session, scene.applicant_a, scene.call, proposal_body(approach=SECRET_A), [pdf])
    b = proposals.submit_proposal(db.session, scene.applicant_b, scene.call, proposal_body(approach=SECRET_B))
    expert = scene.experts[0]
    review.assign_experts(db.session, scene.owner, scene.call, [expert.id])
    review.declare(db.session, expert, scene.call, False)
    scene.review()
    criteria = {c["name"]: 80 for c in scene.call.criteria}
    review.score(db.session, expert, scene.call, a.id, criteria, SECRET_COMMENT)
    review.score(db.session, expert, scene.call, b.id, criteria, "")
    return World(scene, a, b, a.attachments[0])
