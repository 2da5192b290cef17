"""Demo 揭榜挂帅 open calls, run through the real services: one delivered, one in review, one taking proposals.

- 磷酸铁锂储能电池低温充电能力提升 (山西晋锂新能源): published about seven months ago, three proposals, a panel of three
  experts who declared no conflict and scored every proposal, awarded, and all three milestones reported and
  accepted (the last one late, after a cold snap) → completed, the reward paid in full.
- 揭榜挂帅：镁渣规模化高值利用 (运城镁谷产业园区管理委员会): a blind call whose deadline passed last week; two proposals,
  every score in, the ranking waiting for the owner's award.
- 揭榜挂帅：半固态电池中试线关键工艺攻关 (晋阳高新区管委会): open for another month, two proposals so far, its panel
  assigned and declared.

Every proposal carries a one-page PDF summary, checked and stored as an upload would be. The services stamp
everything "now", and refuse deadlines in the past: calls are created with future deadlines, moved into the past
with `services.reschedule`, and each call's history is then re-dated along its timeline, as the demo brokerage
re-dates its cases. A call already made for a need is left alone, so running the loader again adds nothing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.config import MARKET_TZ
from matchmaker.demo.experts import EXPERTS
from matchmaker.demo.pdf import one_page_pdf
from matchmaker.open_calls import attachments, delivery, proposals, review, services
from models import OpenCall, OpenCallExpert, Organisation, Proposal, ProposalScore, TechNeed, User, utcnow
from models.base import as_utc
from models.choices import OrgRole, PostingStatus

log = logging.getLogger(__name__)

_EMAIL = {expert.display_name: expert.email for expert in EXPERTS}
HE, TIAN, CHAI, WEN = _EMAIL["贺守仁"], _EMAIL["田育文"], _EMAIL["柴凤岐"], _EMAIL["温启明"]


@dataclass(frozen=True)
class Pitch:
    """A proposal: the organisation's first member submits it and leads the team."""

    org: str
    approach: str
    team: tuple[tuple[str, str, str], ...]  # (name, title, role) besides the lead
    lead_title: str
    budget_wan: int
    plan: str
    submitted: float  # days ago


@dataclass(frozen=True)
class Milestone:
    title: str
    share: int
    report: str = ""
    note: str = ""
    reported: float = 0.0  # days ago
    decided: float = 0.0


@dataclass(frozen=True)
class DemoCall:
    need: str  # the demo need's title
    reward_wan: int
    milestones: tuple[Milestone, ...]
    panel: tuple[str, ...]  # expert e-mails
    pitches: tuple[Pitch, ...]
    # expert e-mail → one (criterion scores in rubric order, comment) per pitch
    scores: dict[str, tuple[tuple[tuple[int, ...], str], ...]] = field(default_factory=dict)
    criteria: dict[str, int] | None = None
    blind: bool = False
    max_awards: int = 1
    kinds: tuple[str, ...] = ("university", "institute")
    qualifications: tuple[str, ...] = ()
    # days ago (negative: ahead), at a Beijing hour
    created: float = 0.0
    published: float = 0.0
    deadline: float = 0.0
    delivery_deadline: float = -400.0
    assigned: float = 0.0
    declared: float = 0.0
    scored: tuple[float, float] = (0.0, 0.0)
    award: tuple[int, ...] = ()  # indexes of the winning pitches
    award_reason: str = ""
    awarded: float = 0.0


LOW_TEMPERATURE = DemoCall(
    need="磷酸铁锂储能电池低温充电能力提升",
    reward_wan=260,
    kinds=("university", "institute"),
    qualifications=("具备电芯试制或中试条件", "近三年承担过省部级以上电池相关科研项目"),
    milestones=(
        Milestone("低温电解液配方与电芯设计定型", 30,
                  "已完成 12 种共溶剂配比与 4 种双盐比例的正交试验，确定配方 SJ-LT-07，-20 ℃ 电导率 4.3 mS/cm；"
                  "280Ah 电芯设计冻结，设计评审纪要与配方说明书已提交发榜方。",
                  "配方与设计文件齐全，指标达到榜单第一阶段要求，同意验收。", 121, 116),
        Milestone("-20 ℃ 充电样品电芯试制与第三方检测", 40,
                  "在研究院中试线试制 280Ah 样品电芯 200 只，国家化学电源产品质量检验检测中心报告：-20 ℃ 0.5C "
                  "充电容量为常温的 86%，拆解未见析锂；25 ℃ 2000 次循环容量保持率 95.2%。",
                  "检测指标全部达到榜单要求，同意验收并拨付本阶段榜额。", 69, 63),
        Milestone("储能柜冬季实测验证与技术资料移交", 30,
                  "215 kWh 储能柜在晋锂大同基地完成 45 天冬季实测（最低气温 -23 ℃），低温充电策略运行正常；工艺文件、"
                  "BMS 参数与培训记录已移交。实测期间遇寒潮，现场调试顺延一周，较交付期限晚 7 天。",
                  "实测数据完整，逾期原因属实，同意验收。", 23, 19),
    ),
    panel=(HE, WEN, CHAI),
    pitches=(
        Pitch("三晋新能源研究院",
              "以“电解液—负极界面—热管理”协同方案提升低温充电能力：① 采用乙酸甲酯/碳酸乙烯酯低黏度共溶剂与 LiFSI/LiPF6 "
              "双盐体系，-20 ℃ 电导率提升至 4 mS/cm 以上；② 负极选用二次造粒小粒径人造石墨并做无定形碳包覆，缩短锂离子"
              "固相扩散路径；③ 在 BMS 中加入低温脉冲自加热策略，电芯由 -20 ℃ 升至 0 ℃ 用时不超过 8 分钟。已在 280Ah "
              "储能电芯上完成小试：-20 ℃ 0.3C 充电容量达常温的 82%，未见析锂。",
              (("王子豪", "工程师", "电芯工艺与中试"), ("宋雅琴", "副研究员", "电解液配方"),
               ("韩志远", "高级工程师", "BMS 与热管理")), "研究员", 245,
              "第 1–3 个月：电解液配方筛选与电芯设计定型；第 4–8 个月：在研究院中试线试制 280Ah 样品电芯 200 只并送第三方"
              "检测；第 9–12 个月：装配 215 kWh 储能柜在晋锂大同基地开展冬季实测，移交工艺文件与 BMS 参数。", 198),
        Pitch("京北化工大学",
              "以功能添加剂调控负极界面膜：组合使用含硼（LiDFOB）与含磷（三(三甲基硅基)磷酸酯）两类成膜添加剂，构建富 "
              "LiF 的低阻抗 SEI，使 -20 ℃ 电荷转移阻抗降低 40% 以上；配合自主合成的氟代羧酸酯溶剂降低电解液凝固点。"
              "团队有 60 余种添加剂的高通量筛选数据和 2 项相关授权发明专利。",
              (("邹晓燕", "副教授", "添加剂合成"), ("唐一鸣", "博士后", "电化学表征")), "教授", 180,
              "第 1–4 个月：高通量筛选并确定配方；第 5–9 个月：委托合作电芯厂代工试制样品电芯并检测；第 10–12 个月：配合"
              "企业开展模组验证。", 189),
        Pitch("金陵电子科技大学",
              "不改电芯化学体系，从电池管理系统入手：基于电化学—热耦合模型在线估计负极析锂电位，动态限制低温充电电流；"
              "配合 1 kHz 交流脉冲内加热，在 -20 ℃ 下 10 分钟内将电芯升温至 5 ℃ 后再充电。算法可通过 OTA 部署到晋锂现有 "
              "BMS 硬件。",
              (("陆文博", "副教授", "电池建模"), ("钱思远", "讲师", "嵌入式软件"), ("许嘉怡", "硕士研究生", "测试")),
              "教授", 150,
              "第 1–3 个月：建模与参数辨识；第 4–7 个月：台架验证加热与充电策略；第 8–10 个月：在储能柜上部署并开展"
              "低温实测。", 181),
    ),
    # default rubric: 技术先进性 25, 可行性 25, 团队能力 20, 经费合理性 15, 进度安排 15
    scores={
        HE: (((88, 90, 88, 82, 85), "材料与系统两端兼顾，中试条件扎实；建议补充低温循环后的拆解分析。"),
             ((90, 72, 80, 85, 75), "添加剂体系新颖，但缺少自有电芯试制条件，进度依赖代工。"),
             ((78, 80, 82, 88, 84), "不改电芯即可部署，见效快，但只能缓解、不能根本提高低温充电接受能力。")),
        WEN: (((85, 88, 86, 80, 86), "指标有小试数据支撑，冬季实测安排合理。"),
              ((86, 70, 78, 84, 72), "界面调控思路好，工程化路径偏长。"),
              ((80, 83, 80, 86, 85), "加热策略成熟，需评估对循环寿命的影响。")),
        CHAI: (((84, 87, 85, 78, 82), "方案完整，经费测算略偏高。"),
               ((88, 68, 76, 82, 70), "创新性强，可行性有待样品验证。"),
               ((76, 79, 78, 85, 80), "工程实施风险低，技术先进性一般。")),
    },
    created=212, published=210, deadline=175, assigned=174, declared=173, scored=(168, 160),
    award=(0,), awarded=152, delivery_deadline=30,
    award_reason="三晋新能源研究院方案综合得分第一：材料与系统协同，具备自有中试线和冬季实测条件，经费与进度安排合理。"
                 "经发榜方技术委员会研究，确定其为中榜单位。",
)

MAGNESIUM_SLAG = DemoCall(
    need="揭榜挂帅：镁渣规模化高值利用",
    reward_wan=800,
    criteria={"技术路线先进性": 30, "产业化前景": 30, "团队与平台条件": 20, "经费与进度": 20},
    blind=True,
    kinds=("university", "institute", "enterprise"),
    qualifications=("具备冶金固废资源化中试或示范工程经验",),
    milestones=(Milestone("万吨级示范线工艺包与设计", 20), Milestone("示范线建成并连续运行三个月", 50),
                Milestone("产品通过第三方检测并实现销售", 30)),
    panel=(CHAI, WEN, HE),
    pitches=(
        Pitch("山西省镁基材料研究院",
              "镁渣—粉煤灰协同制备低碳胶凝材料与蒸压制品：利用镁渣中 β-C2S 的潜在水硬性，经碳化养护固定 CO2（每吨产品"
              "固碳 80 kg 以上），制备 MU15 级蒸压砖与透水路面砖；镁渣中的氟经预处理稳定化，浸出毒性满足 GB 5085.3。"
              "已建成 500 吨/年中试装置，连续运行 6 个月。",
              (("刘磊", "工程师", "示范线工艺"), ("闫秀兰", "高级工程师", "检测与标准"),
               ("贾志刚", "工程师", "碳化养护装备")), "研究员", 720,
              "第 1–4 个月：完成万吨级工艺包与示范线设计；第 5–14 个月：在闻喜县建成示范线并连续运行三个月；"
              "第 15–20 个月：产品检测、编制企业标准并与园区建材企业签订供货协议。", 40),
        Pitch("秦岭交通大学",
              "镁渣用于公路路基与基层：以镁渣替代水泥稳定碎石中 40% 的水泥，复配碱激发剂，7 天无侧限抗压强度不低于 "
              "3.5 MPa；已在陕西铺设 2 公里试验段，跟踪 18 个月无膨胀开裂。方案消纳量大，每公里二级公路基层可消纳镁渣约 "
              "3000 吨。",
              (("高振宇", "副教授", "路面结构"), ("孙可欣", "讲师", "材料试验")), "教授", 560,
              "第 1–6 个月：运城本地镁渣配合比设计与室内试验；第 7–15 个月：在园区道路铺设 5 公里示范段；"
              "第 16–20 个月：编制地方标准草案并推广。", 33),
    ),
    scores={
        CHAI: (((86, 84, 88, 80), "碳化固碳与建材结合，附加值高，中试基础好。"),
               ((80, 86, 78, 84), "消纳量大，但需关注镁渣中游离氧化钙引起的体积安定性。")),
        WEN: (((88, 82, 85, 78), "固碳路线契合园区降碳目标，经费偏高。"),
              ((78, 84, 80, 86), "工程应用经验充分，产品附加值较低。")),
        HE: (((84, 85, 86, 82), "方案成熟，建议明确产品销售渠道。"),
             ((82, 80, 76, 85), "试验段数据有说服力，团队规模略小。")),
    },
    created=50, published=48, deadline=9, delivery_deadline=-330, assigned=8, declared=7, scored=(6, 2),
)

SEMI_SOLID = DemoCall(
    need="揭榜挂帅：半固态电池中试线关键工艺攻关",
    reward_wan=1500,
    max_awards=2,
    kinds=("university", "institute", "enterprise"),
    qualifications=("具备电池中试线建设或运营经验",),
    milestones=(Milestone("关键工艺验证与中试线设计", 20), Milestone("中试线建成与工艺贯通", 40),
                Milestone("连续生产 1000 只电芯并通过第三方检测", 40)),
    panel=(HE, WEN, TIAN),
    pitches=(
        Pitch("三晋新能源研究院",
              "原位固化半固态路线：注液后经热引发聚合将液态电解液转化为凝胶态，液含量降至 10% 以下，兼容现有叠片与注液"
              "设备，改造成本低；配合干法电极与预锂化工艺，目标电芯能量密度 360 Wh/kg、针刺不起火。",
              (("王子豪", "工程师", "中试线工艺"), ("宋雅琴", "副研究员", "电解质配方"), ("马晓东", "高级工程师", "装备集成")),
              "研究员", 1380,
              "第 1–6 个月：原位固化与干法电极工艺验证，完成中试线设计；第 7–15 个月：在晋阳高新区建成 0.2 GWh 中试线并"
              "贯通工艺；第 16–24 个月：连续生产 1000 只电芯并送检。", 8),
        Pitch("京北化工大学",
              "聚合物—氧化物复合电解质膜路线：以 LLZTO 纳米颗粒填充 PVDF-HFP 骨架，辊对辊涂布制膜（厚度 20 μm，室温电导率 "
              "0.6 mS/cm），替代隔膜并减少电解液用量；团队已完成 10 米级卷材试制。",
              (("邹晓燕", "副教授", "复合电解质"), ("唐一鸣", "博士后", "界面表征")), "教授", 900,
              "第 1–8 个月：复合膜配方定型与百米级卷材试制；第 9–18 个月：联合电芯企业完成中试线改造与工艺贯通；第 19–24 "
              "个月：小批量生产与检测。", 3),
    ),
    created=15, published=14, deadline=-33, delivery_deadline=-760, assigned=2, declared=1,
)

CALLS = (LOW_TEMPERATURE, MAGNESIUM_SLAG, SEMI_SOLID)


def _at(now: datetime, days_ago: float, hour: int = 10) -> datetime:
    """`days_ago` days before now (negative: ahead), at that hour in Beijing, in UTC."""
    day = (now - timedelta(days=days_ago)).astimezone(MARKET_TZ).date()
    return datetime.combine(day, time(hour), MARKET_TZ).astimezone(UTC)


def _first_member(session: Session, org: Organisation) -> User | None:
    """The organisation's owner, or its first member."""
    return session.scalar(select(User).where(User.organisation_id == org.id, User.active)
                          .order_by(User.org_role != OrgRole.OWNER, User.id).limit(1))


def _org(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name == name))


def _pdf(call: DemoCall, pitch: Pitch, lead: User, org: Organisation) -> attachments.CheckedFile:
    body = one_page_pdf(f"揭榜方案摘要：{call.need.removeprefix('揭榜挂帅：')}", [
        f"揭榜单位：{org.name}", f"项目负责人：{lead.display_name}（{pitch.lead_title}）",
        "团队成员：" + "；".join(f"{name}（{title}，{role}）" for name, title, role in pitch.team),
        f"技术路线：{pitch.approach}", f"实施计划：{pitch.plan}", f"申请经费：{pitch.budget_wan} 万元",
    ])
    return attachments.check_file(f"揭榜方案摘要-{org.name}.pdf", body)


def _submit(session: Session, call: OpenCall, spec: DemoCall) -> list[tuple[Proposal, User]]:
    made = []
    for pitch in spec.pitches:
        org = _org(session, pitch.org)
        lead = _first_member(session, org) if org is not None else None
        if lead is None:
            continue
        team = [{"name": lead.display_name, "title": pitch.lead_title, "role": "项目负责人"}]
        team += [{"name": name, "title": title, "role": role} for name, title, role in pitch.team]
        proposal = proposals.submit_proposal(session, lead, call, {
            "approach": pitch.approach, "team": team, "budget_wan": pitch.budget_wan, "plan": pitch.plan,
        }, files=[_pdf(spec, pitch, lead, org)])
        made.append((proposal, lead))
    return made


def _panel(session: Session, owner: User, call: OpenCall, spec: DemoCall) -> list[User]:
    experts = [session.scalar(select(User).where(User.email == email)) for email in spec.panel]
    experts = [e for e in experts if e is not None and review.conflict_of(session, e, call) is None]
    review.assign_experts(session, owner, call, [e.id for e in experts])
    for expert in experts:
        review.declare(session, expert, call, False)
    return experts


def _score(session: Session, call: OpenCall, spec: DemoCall, experts: list[User],
           submitted: list[tuple[Proposal, User]]) -> None:
    names = [c["name"] for c in call.criteria]
    for expert in experts:
        for (proposal, _lead), (values, comment) in zip(submitted, spec.scores[expert.email], strict=False):
            review.score(session, expert, call, proposal.id, dict(zip(names, values, strict=True)), comment)


def _close(session: Session, call: OpenCall, spec: DemoCall, now: datetime) -> None:
    """Move the deadline into the past, as it would have passed, and let the call close itself."""
    services.reschedule(session, call, submission_deadline=_at(now, spec.deadline, 17))
    services.close_if_due(session, call)


def _deliver(session: Session, owner: User, call: OpenCall, spec: DemoCall, winner: User, now: datetime) -> None:
    """Every milestone reported and accepted; the delivery deadline passes just before the last report."""
    for milestone, plan in zip(call.milestones, spec.milestones, strict=True):
        if as_utc(call.delivery_deadline) > now and _at(now, plan.reported, 16) > _at(now, spec.delivery_deadline, 17):
            services.reschedule(session, call, delivery_deadline=_at(now, spec.delivery_deadline, 17))
        delivery.report_milestone(session, winner, call, milestone.id, plan.report)
        delivery.decide_milestone(session, owner, call, milestone.id, True, plan.note)
    services.reschedule(session, call, delivery_deadline=_at(now, spec.delivery_deadline, 17))


def _redate(session: Session, call: OpenCall, spec: DemoCall, submitted: list[tuple[Proposal, User]],
            now: datetime) -> None:
    """Spread the call's history along its timeline (the services stamped all of it now)."""
    call.created_at = _at(now, spec.created, 9)
    call.published_at = _at(now, spec.published, 10)
    need = call.need
    if need.published_at is None or as_utc(need.published_at) > call.created_at - timedelta(days=10):
        need.published_at = need.created_at = call.created_at - timedelta(days=18)
    if call.closed_at is not None:
        call.closed_at = call.submission_deadline
    for index, (proposal, _lead) in enumerate(submitted):
        proposal.created_at = proposal.updated_at = _at(now, spec.pitches[index].submitted, 15)
        for attachment in proposal.attachments:
            attachment.created_at = proposal.created_at
    seats = session.scalars(select(OpenCallExpert).where(OpenCallExpert.call_id == call.id)
                            .order_by(OpenCallExpert.expert_id)).all()
    for seat in seats:
        seat.assigned_at = _at(now, spec.assigned, 11)
        seat.declared_at = _at(now, spec.declared, 14)
    scores = session.scalars(select(ProposalScore).join(Proposal, ProposalScore.proposal_id == Proposal.id)
                             .where(Proposal.call_id == call.id).order_by(ProposalScore.id)).all()
    first, last = spec.scored
    for i, entry in enumerate(scores):
        days = first - (first - last) * i / max(len(scores) - 1, 1)
        entry.created_at = entry.updated_at = _at(now, days, 10 + i % 8)
    if call.awarded_at is not None:
        call.awarded_at = _at(now, spec.awarded, 16)
        for proposal, _lead in submitted:
            if proposal.case is not None:
                proposal.case.created_at = proposal.case.updated_at = call.awarded_at
                for step in proposal.case.history:
                    step.created_at = call.awarded_at
            if proposal.offer is not None and proposal.awarded:
                proposal.offer.created_at = proposal.offer.published_at = call.awarded_at
    deliveries = delivery.deliveries(session, call)
    for milestone, plan in zip(call.milestones, spec.milestones, strict=True):
        for proposal, _lead in submitted:
            done = deliveries.get((milestone.id, proposal.id))
            if done is not None:
                done.reported_at = _at(now, plan.reported, 16)
                done.decided_at = _at(now, plan.decided, 11) if done.decided_at is not None else None
    call.updated_at = max(as_utc(m) for m in (call.created_at, call.published_at, call.closed_at, call.awarded_at) if m)
    session.flush()


def _build(session: Session, spec: DemoCall, now: datetime) -> OpenCall | None:
    need = session.scalar(select(TechNeed).where(TechNeed.title == spec.need,
                                                 TechNeed.status == PostingStatus.PUBLISHED))
    if need is None or services.open_call_for_need(session, need) is not None:
        return None
    owner = need.created_by or _first_member(session, need.organisation)
    if owner is None:
        return None
    deadline = spec.deadline if spec.deadline < 0 else -30  # the services want it ahead; moved back after
    call = services.create_open_call(session, owner, need, {
        "reward_wan": Decimal(spec.reward_wan), "submission_deadline": _at(now, deadline, 17),
        "delivery_deadline": _at(now, -400 if spec.delivery_deadline > 0 else spec.delivery_deadline, 17),
        "milestones": [{"title": m.title, "share": m.share} for m in spec.milestones], "criteria": spec.criteria,
        "blind": spec.blind, "max_awards": spec.max_awards, "eligible_org_kinds": list(spec.kinds),
        "qualifications": list(spec.qualifications),
    })
    services.publish_open_call(session, owner, call)
    submitted = _submit(session, call, spec)
    if spec.deadline > 0:
        _close(session, call, spec, now)
    experts = _panel(session, owner, call, spec)
    if spec.scores:
        _score(session, call, spec, experts, submitted)
    if spec.award:
        winners = [submitted[i] for i in spec.award]
        delivery.award(session, owner, call, [p.id for p, _lead in winners], spec.award_reason)
        _deliver(session, owner, call, spec, winners[0][1], now)
    _redate(session, call, spec, submitted, now)
    return call


def load_demo_open_calls(session: Session) -> int:
    """The three demo calls (those whose need has no call yet); returns how many were created."""
    now = utcnow()
    made = [call for spec in CALLS if (call := _build(session, spec, now)) is not None]
    log.info("demo open calls: %s", ", ".join(f"{c.need.title} ({c.status})" for c in made) or "none new")
    return len(made)
