"""Writing the audit log of sensitive actions, and the one registry of what an entry may say.

Every action code a writer records is listed in ACTIONS with its label, and every detail it passes in DETAILS: the
audit page shows the labels in the reader's language, never the codes. tests/admin/test_audit_labels.py reads every
`audit.record` call in the code base and fails on a code or a detail missing here.
"""
from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from models import AuditEntry, User

log = logging.getLogger(__name__)

# Action code → label (a Chinese msgid). Codes are stored, so a code once written keeps its label.
ACTIONS = {
    "organisation.verify": _l("机构认证通过"),
    "organisation.unverify": _l("撤销机构认证"),
    "organisation.invite_code": _l("重置机构邀请码"),
    "organisation.member_remove": _l("移除机构成员"),
    "organisation.owner_transfer": _l("移交机构负责人"),
    "user.roles": _l("修改平台角色"),
    "user.deactivate": _l("停用用户账号"),
    "user.reactivate": _l("恢复用户账号"),
    "user.broker_coverage": _l("修改经纪人服务范围"),
    "user.expert_profile": _l("修改专家信息"),
    "case.reassign": _l("更换对接的经纪人"),
    "offer.close": _l("关闭科技成果"),
    "need.close": _l("关闭技术需求"),
    "event.create": _l("新建活动"),
    "event.open": _l("开放活动报名"),
    "event.scheduling": _l("活动进入排期"),
    "event.finished": _l("将活动标记为已结束"),
    "event.schedule": _l("生成会谈日程"),
    "event.schedule_cancel": _l("取消排期运行"),
    "event.publish": _l("发布会谈日程"),
    "import.succeeded": _l("完成批量导入"),
    "import.duplicates_kept": _l("保留疑似重复的导入信息"),
    "import.duplicates_dropped": _l("关闭疑似重复的导入信息"),
    "open_call.create": _l("新建揭榜挂帅榜单"),
    "open_call.publish": _l("发布揭榜挂帅榜单"),
    "open_call.close": _l("截止揭榜"),
    "open_call.cancel": _l("撤榜"),
    "open_call.deadlines": _l("调整榜单截止时间"),
    "open_call.experts": _l("指派评审专家"),
    "open_call.declaration": _l("专家声明利益冲突情况"),
    "open_call.award": _l("揭榜挂帅定榜"),
    "proposal.submit": _l("提交揭榜方案"),
    "milestone.accept": _l("验收通过里程碑"),
    "milestone.reject": _l("里程碑未通过验收"),
    "target.set": _l("设定年度目标"),
    "financial_product.withdraw": _l("下架金融产品"),
    "financing.interest": _l("金融机构关注融资需求"),
    "financing.decision": _l("录入融资审批结果"),
}

# Detail key → label. A value is shown through its key's vocabulary (roles, fields, provinces, users) by the page.
DETAILS = {
    "published_postings": _l("随之公开的信息"),
    "withdrawn_postings": _l("撤回待审核的信息"),
    "tokens_revoked": _l("失效的访问令牌"),
    "member_id": _l("被移除的成员"),
    "email": _l("邮箱"),
    "from_user": _l("原负责人"),
    "to_user": _l("新负责人"),
    "added": _l("新增角色"),
    "removed": _l("取消角色"),
    "fields": _l("服务领域"),
    "regions": _l("服务地区"),
    "affiliation": _l("工作单位"),
    "from_broker": _l("原经纪人"),
    "to_broker": _l("新经纪人"),
    "reason": _l("关闭原因"),
    "created": _l("新安排的会谈"),
    "moved": _l("调整的会谈"),
    "cancelled": _l("取消的会谈"),
    "kept": _l("未变的会谈"),
    "objective": _l("目标值"),
    "version": _l("日程版本"),
    "run": _l("排期运行"),
    "kind": _l("信息类型"),
    "rows": _l("导入条数"),
    "postings": _l("涉及的信息"),
    "via": _l("操作途径"),
    "need": _l("所属需求"),
    "call": _l("所属榜单"),
    "experts": _l("评审专家"),
    "conflict": _l("声明存在利益冲突"),
    "proposals": _l("中榜方案"),
    "milestone": _l("里程碑"),
    "proposal": _l("方案"),
    "year": _l("年度"),
    "region": _l("地区"),
    "indicators": _l("指标"),
    "product": _l("金融产品"),
    "outcome": _l("审批结果"),
}


def record(session: Session, actor: User | None, action: str, target, **details) -> AuditEntry:
    """Append one entry naming who did what to which row."""
    if action not in ACTIONS:
        log.warning("audit action %r has no label in matchmaker.audit.ACTIONS", action)
    for key in details.keys() - DETAILS.keys():
        log.warning("audit detail %r of %r has no label in matchmaker.audit.DETAILS", key, action)
    entry = AuditEntry(
        actor=actor,
        action=action,
        target_type=type(target).__tablename__,
        target_id=target.id,
        details=details,
    )
    session.add(entry)
    return entry
