"""Closed vocabularies of the market, as stable ASCII codes with their Chinese and English labels.

Codes are what the database and the API store; labels are what people read. The Chinese label is the
source text of the UI (msgid), so templates translate it with gettext for the English switch.
"""
from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    ENTERPRISE = "enterprise"
    INVESTOR = "investor"
    BANK = "bank"
    BROKER_AGENCY = "broker_agency"
    INCUBATOR = "incubator"
    GOVERNMENT = "government"


class OrgRole(StrEnum):
    OWNER = "owner"
    MEMBER = "member"


class PostingStatus(StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    PUBLISHED = "published"
    CLOSED = "closed"


class Maturity(StrEnum):
    """Technology readiness, ordered from the bench to the factory."""

    LAB = "lab"
    SMALL_TRIAL = "small_trial"
    PILOT = "pilot"
    SMALL_BATCH = "small_batch"
    INDUSTRIAL = "industrial"

    @property
    def rank(self) -> int:
        return list(Maturity).index(self)


class IPStatus(StrEnum):
    GRANTED_PATENT = "granted_patent"
    PATENT_PENDING = "patent_pending"
    SOFTWARE_COPYRIGHT = "software_copyright"
    TRADE_SECRET = "trade_secret"
    NONE = "none"


class TransferMode(StrEnum):
    """How an offer's owner is willing to hand the technology over."""

    TRANSFER = "transfer"
    LICENSE = "license"
    EQUITY = "equity"
    CO_DEVELOPMENT = "co_development"
    TECH_SERVICE = "tech_service"


class CooperationMode(StrEnum):
    """How an enterprise wants a need solved."""

    COMMISSIONED = "commissioned"
    CO_DEVELOPMENT = "co_development"
    TRANSFER = "transfer"
    LICENSE = "license"
    OPEN_CALL = "open_call"


class EventKind(StrEnum):
    ROADSHOW = "roadshow"
    RELEASE = "release"
    MATCHMAKING = "matchmaking"
    FINANCING = "financing"


class EventStatus(StrEnum):
    """An event's life: prepared, open for registration, being scheduled, timetable published, over."""

    DRAFT = "draft"
    OPEN = "open"
    SCHEDULING = "scheduling"
    PUBLISHED = "published"
    FINISHED = "finished"


class ParticipantRole(StrEnum):
    PITCHER = "pitcher"
    ATTENDEE = "attendee"
    INVESTOR = "investor"


class RegistrationStatus(StrEnum):
    """Late registrations wait for the organiser to admit them."""

    REGISTERED = "registered"
    WAITING = "waiting"
    WITHDRAWN = "withdrawn"


class RequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class AgendaItemKind(StrEnum):
    TALK = "talk"
    PITCH = "pitch"


class CaseStage(StrEnum):
    """A broker's case from suggestion to signed contract (or closed with a reason)."""

    SUGGESTED = "suggested"
    CONTACTED = "contacted"
    INTRODUCED = "introduced"
    MEETING = "meeting"
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    CLOSED = "closed"


class OpenCallStatus(StrEnum):
    """An open call (揭榜挂帅榜单) from draft to completed delivery, or cancelled."""

    DRAFT = "draft"
    OPEN = "open"
    REVIEWING = "reviewing"
    AWARDED = "awarded"
    IN_DELIVERY = "in_delivery"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class CloseReason(StrEnum):
    IMMATURE = "immature"
    PRICE = "price"
    UNCLEAR_ROUTE = "unclear_route"
    NO_RESPONSE = "no_response"
    OTHER = "other"


class CaseSource(StrEnum):
    INTEREST = "interest"
    MATCH = "match"
    BROKER = "broker"
    OPEN_CALL = "open_call"
    FINANCE = "finance"


class DeliveryStatus(StrEnum):
    """A winning team's report of a milestone, as the call's owner judged it."""

    REPORTED = "reported"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class ContractType(StrEnum):
    """Technology contract types as registered (技术合同登记)."""

    DEVELOPMENT = "development"
    TRANSFER = "transfer"
    LICENSE = "license"
    SERVICE = "service"
    EQUITY = "equity"


class EmbeddingStatus(StrEnum):
    """A model's vectors on the market: answering matches, being filled by a re-embed, or replaced."""

    SERVING = "serving"
    BUILDING = "building"
    RETIRED = "retired"


class FinanceKind(StrEnum):
    """The kinds of financial product (科技金融产品) a bank or investor publishes."""

    TECH_LOAN = "tech_loan"
    IP_PLEDGE_LOAN = "ip_pledge_loan"
    LOAN_EQUITY_LINKAGE = "loan_equity_linkage"
    EQUITY = "equity"
    GUARANTEE = "guarantee"


class FinancingStage(StrEnum):
    """Where an enterprise asking for money stands."""

    SEED = "seed"
    STARTUP = "startup"
    GROWTH = "growth"
    EXPANSION = "expansion"
    MATURE = "mature"


class Qualification(StrEnum):
    """Enterprise qualifications that financial products ask for, each proven by a certificate number."""

    HIGH_TECH = "high_tech"
    TECH_SME = "tech_sme"
    SPECIALISED = "specialised"
    LITTLE_GIANT = "little_giant"


class Collateral(StrEnum):
    """What an enterprise can pledge or offer as security."""

    PATENT = "patent"
    PROPERTY = "property"
    EQUIPMENT = "equipment"
    RECEIVABLES = "receivables"
    GUARANTOR = "guarantor"
    NONE = "none"


class FinancingStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class DecisionOutcome(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"


class DeclineReason(StrEnum):
    """Why a financial organisation turned a financing need down."""

    REVENUE = "revenue"
    COLLATERAL = "collateral"
    CREDIT = "credit"
    OUT_OF_SCOPE = "out_of_scope"
    RISK = "risk"
    INCOMPLETE = "incomplete"
    OTHER = "other"


class Indicator(StrEnum):
    """The indicators the market is judged by (动态监测), each with yearly targets."""

    CONTRACT_TURNOVER_WAN = "contract_turnover_wan"
    CONTRACT_COUNT = "contract_count"
    TRANSFERS = "transfers"
    EVENTS = "events"
    ENTERPRISES_SERVED = "enterprises_served"
    BROKERS = "brokers"
    FINANCING_WAN = "financing_wan"
    IP_PLEDGE_WAN = "ip_pledge_wan"
    OPEN_CALLS_AWARDED = "open_calls_awarded"


# Chinese labels (the UI's source language); English comes from the translation catalog.
class ImportStatus(StrEnum):
    """A spreadsheet import: waiting for a worker, running, refused with errors, or committed."""

    QUEUED = "queued"
    RUNNING = "running"
    FAILED = "failed"
    SUCCEEDED = "succeeded"


class ScheduleRunStatus(StrEnum):
    """A scheduler run: waiting for a worker, searching, written, ended by an error, or stopped by an organiser."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"


LABELS_ZH: dict[str, dict[str, str]] = {
    "org_kind": {
        "university": "高校",
        "institute": "科研院所",
        "enterprise": "企业",
        "investor": "投资机构",
        "bank": "银行与担保机构",
        "broker_agency": "技术转移服务机构",
        "incubator": "孵化器",
        "government": "政府部门",
    },
    "org_role": {"owner": "负责人", "member": "成员"},
    "posting_status": {"draft": "草稿", "pending": "待审核", "published": "已发布", "closed": "已关闭"},
    "maturity": {
        "lab": "实验室",
        "small_trial": "小试",
        "pilot": "中试",
        "small_batch": "小批量",
        "industrial": "产业化",
    },
    "ip_status": {
        "granted_patent": "已授权专利",
        "patent_pending": "专利申请中",
        "software_copyright": "软件著作权",
        "trade_secret": "技术秘密",
        "none": "无知识产权",
    },
    "transfer_mode": {
        "transfer": "转让",
        "license": "许可",
        "equity": "作价入股",
        "co_development": "合作开发",
        "tech_service": "技术服务",
    },
    "event_kind": {"roadshow": "路演", "release": "科技成果发布会", "matchmaking": "校企对接会",
                   "financing": "融资路演"},
    "event_status": {"draft": "筹备中", "open": "报名中", "scheduling": "排期中", "published": "日程已发布",
                     "finished": "已结束"},
    "participant_role": {"pitcher": "路演方", "attendee": "参会者", "investor": "投资方"},
    "registration_status": {"registered": "已报名", "waiting": "待审核", "withdrawn": "已退出"},
    "request_status": {"pending": "待回复", "accepted": "已接受", "declined": "已拒绝", "cancelled": "已取消"},
    "meeting_status": {"scheduled": "已安排", "cancelled": "已取消"},
    "agenda_item_kind": {"talk": "报告", "pitch": "路演"},
    "cooperation_mode": {
        "commissioned": "委托开发",
        "co_development": "合作开发",
        "transfer": "技术转让",
        "license": "技术许可",
        "open_call": "揭榜挂帅",
    },
    "open_call_status": {"draft": "草稿", "open": "揭榜中", "reviewing": "评审中", "awarded": "已定榜",
                         "in_delivery": "攻关中", "completed": "已完成", "cancelled": "已撤榜"},
    "case_stage": {"suggested": "待跟进", "contacted": "已联系", "introduced": "已引荐", "meeting": "已会面",
                   "negotiating": "谈判中", "signed": "已签约", "closed": "已关闭"},
    "close_reason": {"immature": "技术不成熟", "price": "价格分歧", "unclear_route": "路线不清",
                     "no_response": "对方无回应", "other": "其他"},
    "import_status": {"queued": "排队中", "running": "导入中", "failed": "未通过校验", "succeeded": "已导入"},
    "schedule_run_status": {"queued": "排队中", "running": "排期运行中", "succeeded": "排期完成", "failed": "排期失败",
                            "cancelled": "排期已取消"},
    "case_source": {"interest": "意向", "match": "系统匹配", "broker": "经纪人发起", "open_call": "揭榜挂帅",
                    "finance": "科技金融"},
    "delivery_status": {"reported": "待验收", "accepted": "已验收", "rejected": "未通过验收"},
    "finance_kind": {"tech_loan": "科技贷", "ip_pledge_loan": "知识产权质押贷", "loan_equity_linkage": "投贷联动",
                     "equity": "股权投资", "guarantee": "担保"},
    "financing_stage": {"seed": "种子期", "startup": "初创期", "growth": "成长期", "expansion": "扩张期",
                        "mature": "成熟期"},
    "qualification": {"high_tech": "高新技术企业", "tech_sme": "科技型中小企业", "specialised": "专精特新中小企业",
                      "little_giant": "专精特新“小巨人”企业"},
    "collateral": {"patent": "专利质押", "property": "不动产抵押", "equipment": "设备抵押", "receivables": "应收账款质押",
                   "guarantor": "第三方担保", "none": "无抵质押（信用）"},
    "financing_status": {"open": "对接中", "closed": "已关闭"},
    "decision_outcome": {"approved": "已批准", "declined": "未通过"},
    "decline_reason": {"revenue": "营收不达要求", "collateral": "抵质押不足", "credit": "信用记录不符",
                       "out_of_scope": "不在支持范围", "risk": "风险评估未通过", "incomplete": "材料不全", "other": "其他"},
    "indicator": {"contract_turnover_wan": "技术合同交易额（万元）", "contract_count": "技术合同数", "transfers": "成果转化数",
                  "events": "活动场次", "enterprises_served": "服务企业数", "brokers": "技术经纪人数",
                  "financing_wan": "融资金额（万元）", "ip_pledge_wan": "知识产权质押融资额（万元）",
                  "open_calls_awarded": "揭榜挂帅定榜数"},
    "contract_type": {"development": "技术开发", "transfer": "技术转让", "license": "技术许可", "service": "技术服务",
                      "equity": "作价入股"},
}

# The seed of the field taxonomy (code, Chinese name, English name); admins may add more rows.
DEFAULT_FIELDS: list[tuple[str, str, str]] = [
    ("new_energy_battery", "新能源电池", "New-energy batteries"),
    ("biomedicine", "生物医药", "Biomedicine"),
    ("advanced_equipment", "高端装备", "High-end equipment"),
    ("electronic_information", "电子信息", "Electronics and IT"),
    ("new_materials", "新材料", "New materials"),
    ("modern_agriculture", "现代农业", "Modern agriculture"),
    ("green_food", "绿色食品", "Green food"),
    ("magnesium_alloy", "镁合金精深加工", "Magnesium alloy processing"),
    ("smart_sensors", "智能传感器", "Smart sensors"),
    ("energy_saving", "节能环保", "Energy saving and environment"),
    ("other", "其他", "Other"),
]

# Provincial-level divisions, the unit of the market's region filter.
PROVINCES: list[str] = [
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
    "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省",
    "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省",
    "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区", "台湾省",
]

