"""The demo's expert pool (专家库): researchers of the demo universities and institutes with the expert role.

They are created as the demo creates its other users, and their fields and affiliation are set through the expert
service, so they are exactly what an expert would save. Fields spread over the market, two or three each, so that
suggestions for a call rank experts by how many of its fields they cover.
"""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.experts import services
from models import Organisation, User
from models.choices import OrgRole


class Expert(NamedTuple):
    org: str  # the organisation's name in the demo catalog
    display_name: str
    email: str
    fields: tuple[str, ...]
    affiliation: str


# Names use surnames or given names the generated users never get, so no name or address collides with theirs.
EXPERTS: list[Expert] = [
    Expert("并州科技大学", "贺守仁", "he.shouren@bzkd.edu.cn", ("new_energy_battery", "energy_saving", "new_materials"),
           "并州科技大学 储能材料与器件省级重点实验室"),
    Expert("晋中理工大学", "田育文", "tian.yuwen@jzlg.edu.cn", ("smart_sensors", "advanced_equipment"),
           "晋中理工大学 机械与仪器学院"),
    Expert("河东工业大学", "柴凤岐", "chai.fengqi@hdgy.edu.cn", ("magnesium_alloy", "new_materials"),
           "河东工业大学 轻合金学院"),
    Expert("汾河大学", "白素芬", "bai.sufen@fhu.edu.cn", ("biomedicine", "green_food"), "汾河大学 药学院"),
    Expert("上党农林大学", "任继农", "ren.jinong@sdnl.edu.cn", ("modern_agriculture", "green_food"),
           "上党农林大学 农学院"),
    Expert("山西省煤基低碳技术研究院", "温启明", "wen.qiming@sxcltri.org.cn", ("energy_saving", "new_energy_battery"),
           "山西省煤基低碳技术研究院 低碳工艺研究室"),
    Expert("长三角先进传感研究院", "孟书瑶", "meng.shuyao@yrdasi.org.cn",
           ("smart_sensors", "electronic_information", "advanced_equipment"), "长三角先进传感研究院 MEMS 器件中心"),
]


def load_demo_experts(session: Session, password_hash: str) -> int:
    """Add the demo experts as members of their organisations, with the expert role and profile; returns how many."""
    names = {expert.org for expert in EXPERTS}
    orgs = {org.name: org for org in session.scalars(select(Organisation).where(Organisation.name.in_(names)))}
    for expert in EXPERTS:
        user = User(email=expert.email, password_hash=password_hash, display_name=expert.display_name,
                    organisation=orgs[expert.org], org_role=OrgRole.MEMBER, is_expert=True)
        session.add(user)
        session.flush()
        services.update_expert_profile(session, user, user, list(expert.fields), expert.affiliation)
    return len(EXPERTS)
