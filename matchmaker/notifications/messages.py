"""What each kind of notification says, rendered from its parameters in the reader's language.

A notification is stored as a kind and plain parameters (names, titles, counts, vocabulary codes), never as text,
so every reader gets it in their own language: on a page in the language the page is shown in, by e-mail in the
recipient's `User.locale`. Each kind's text is a Chinese msgid with %(name)s placeholders, translated when it is
rendered; parameters named in `labels` are codes of a closed vocabulary (models.choices), turned into the reader's
label at that same moment. A kind may have variants: the value of one parameter picks another text.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field

from flask_babel import force_locale, gettext

from matchmaker.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES, label
from models import Notification

log = logging.getLogger(__name__)


def N_(text: str) -> str:  # noqa: N802  (the name pybabel extract looks for)
    """Mark a msgid for extraction; it is translated when rendered, in the reader's language."""
    return text


@dataclass(frozen=True)
class Kind:
    """One kind of notification: its text, its e-mail subject (None: it stays in the app) and how to read its
    parameters."""

    text: str
    subject: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # parameter → vocabulary group of models.choices
    variant: str = ""  # the parameter whose value picks one of `variants` instead of `text`
    variants: Mapping[str, str] = field(default_factory=dict)


SUBJECT_PREFIX = N_("【科技大市场】")
GREETING = N_("%(name)s，您好：")

KINDS: dict[str, Kind] = {
    # params: org (name), posting ("offer" | "need"), title
    "interest.new": Kind(
        N_("%(org)s 对贵机构的科技成果“%(title)s”表达了对接意向，平台技术经纪人将跟进。"),
        subject=N_("有人对您发布的信息表达了合作意向"), variant="posting",
        variants={"need": N_("%(org)s 对贵机构的技术需求“%(title)s”表达了对接意向，平台技术经纪人将跟进。")}),
    # params: title (the case's "offer × need")
    "case.introduction": Kind(N_("技术经纪人提议为对接“%(title)s”引荐。双方均同意后，平台将为双方交换联系方式。"),
                              subject=N_("技术经纪人邀请您确认一项引荐")),
    "case.introduced": Kind(N_("对接“%(title)s”双方均已同意引荐，现在可以查看对方的联系方式。"),
                            subject=N_("引荐已完成，您现在可以查看对方的联系方式")),
    # params: title, stage (case_stage code), reason (close_reason code, when closed)
    "case.stage": Kind(N_("对接“%(title)s”进入“%(stage)s”阶段。"), subject=N_("您参与的对接项目有新进展"),
                       labels={"stage": "case_stage", "reason": "close_reason"}, variant="stage",
                       variants={"closed": N_("对接“%(title)s”已关闭：%(reason)s。"),
                                 "signed": N_("对接“%(title)s”已签约。")}),
    # params: title, sender ("broker" | "offer_side" | "need_side")
    "case.message": Kind(N_("技术经纪人在对接“%(title)s”中给您留言。"), subject=N_("您参与的对接有新留言"),
                         variant="sender",
                         variants={"offer_side": N_("对接“%(title)s”的供方给您留言。"),
                                   "need_side": N_("对接“%(title)s”的需方给您留言。")}),
    # params: org (the financial organisation), title (the financing need)
    "financing.interest": Kind(N_("%(org)s 关注了贵企业的融资需求“%(title)s”。同意引荐后，双方可查看对方的联系方式。"),
                               subject=N_("金融机构关注了您的融资需求")),
    # params: org, title, outcome ("approved" | "declined"), amount (万元, when approved), reason (decline_reason code)
    "financing.decision": Kind(N_("%(org)s 批准了贵企业的融资需求“%(title)s”，金额 %(amount)s 万元。"),
                               subject=N_("您的融资需求有了审批结果"), labels={"reason": "decline_reason"},
                               variant="outcome",
                               variants={"declined": N_("%(org)s 未通过贵企业的融资需求“%(title)s”：%(reason)s。")}),
    # params: name, event (title)
    "event.waiting": Kind(N_("%(name)s 报名了 %(event)s，等待您审核。")),
    # params: event
    "event.admitted": Kind(N_("您已获准参加 %(event)s。")),
    # params: name, org, event
    "request.new": Kind(N_("%(name)s（%(org)s）希望在 %(event)s 与您洽谈。")),
    # params: name, answer ("accepted" | "declined")
    "request.answered": Kind(N_("%(name)s 接受了您的洽谈邀请。"), variant="answer",
                             variants={"declined": N_("%(name)s 婉拒了您的洽谈邀请。")}),
    # params: name, event
    "meeting.cancelled": Kind(N_("%(name)s 已退出 %(event)s，你们的洽谈已取消。"), subject=N_("您的一场洽谈已取消")),
    # params: event
    "meeting.changed": Kind(N_("您在 %(event)s 的洽谈安排有变动，请查看日程并重新导入日历。"),
                            subject=N_("您的洽谈安排有变动")),
    # params: event, n (the reader's meetings)
    "schedule.published": Kind(N_("%(event)s 的洽谈日程已发布，您有 %(n)d 场洽谈。"), subject=N_("活动洽谈日程已发布")),
    # params: n (new postings); the digest e-mail itself is sent by notifications.digest
    "subscription.digest": Kind(N_("您订阅的搜索有 %(n)d 条新信息，摘要已发送到您的邮箱。")),
    # params: title (the call's need), result ("awarded" | "not_awarded")
    "open_call.outcome": Kind(N_("恭喜！贵机构在揭榜挂帅榜单“%(title)s”中榜，请按里程碑推进攻关。"),
                              subject=N_("揭榜挂帅评审结果"), variant="result",
                              variants={"not_awarded": N_("揭榜挂帅榜单“%(title)s”已定榜，贵机构的方案未中榜。感谢参与。")}),
    # params: title, reason
    "open_call.cancelled": Kind(N_("揭榜挂帅榜单“%(title)s”已撤榜：%(reason)s"), subject=N_("揭榜挂帅榜单已撤榜")),
    # params: title
    "open_call.assigned": Kind(N_("您被指派为揭榜挂帅榜单“%(title)s”的评审专家，请先声明利益冲突情况。"),
                               subject=N_("揭榜挂帅评审邀请")),
    # params: title, milestone
    "milestone.reported": Kind(N_("揭榜挂帅榜单“%(title)s”的里程碑“%(milestone)s”已报告完成，请验收。"),
                               subject=N_("揭榜挂帅里程碑待验收")),
    # params: title, milestone, result ("accepted" | "rejected")
    "milestone.decided": Kind(N_("揭榜挂帅榜单“%(title)s”的里程碑“%(milestone)s”已通过验收。"),
                              subject=N_("揭榜挂帅里程碑验收结果"), variant="result",
                              variants={"rejected": N_(
                                  "揭榜挂帅榜单“%(title)s”的里程碑“%(milestone)s”未通过验收，请查看意见后重新报告。")}),
}

MAIL_KINDS = frozenset(kind for kind, spec in KINDS.items() if spec.subject)


def locale_of(user) -> str:
    """The user's language for notifications and e-mail; anything unknown reads Chinese."""
    locale = getattr(user, "locale", None)
    return locale if locale in SUPPORTED_LOCALES else DEFAULT_LOCALE


def in_locale(locale: str | None):
    """A context in which gettext speaks `locale` (None: the current one)."""
    return force_locale(locale) if locale else nullcontext()


def plain(params: Mapping | None) -> dict:
    """Parameters as JSON-ready plain data: enum members become their codes."""
    return {key: getattr(value, "value", value) for key, value in (params or {}).items()}


def render(kind: str, params: Mapping | None, locale: str | None = None) -> str:
    """What a notification of `kind` with `params` says, in `locale` (None: the current locale)."""
    spec = KINDS.get(kind)
    if spec is None:
        log.warning("no text for notification kind %r", kind)
        return kind
    params = dict(params or {})
    text = spec.variants.get(str(params.get(spec.variant, ""))) if spec.variant else None
    with in_locale(locale):
        values = {key: label(group, params[key]) if key in params else "" for key, group in spec.labels.items()}
        try:
            return gettext(text or spec.text, **{**params, **values})
        except (KeyError, TypeError, ValueError):  # a row written before its kind's parameters changed
            log.warning("notification kind %r cannot be rendered from %r", kind, sorted(params))
            return gettext(text or spec.text)


def render_notification(notice: Notification, locale: str | None = None) -> str:
    """A stored notification in `locale`: from its kind and params, or its legacy message (rows from before
    params existed, kept as they were written)."""
    if not notice.params and notice.message:
        return notice.message
    return render(notice.kind, notice.params, locale)


def subject(kind: str, locale: str | None = None) -> str:
    """The e-mail subject of a kind worth an e-mail, with the site's prefix, in `locale`."""
    with in_locale(locale):
        return gettext(SUBJECT_PREFIX) + gettext(KINDS[kind].subject)


def greeting(name: str, locale: str | None = None) -> str:
    """The e-mail's first line, addressed to `name`, in `locale`."""
    with in_locale(locale):
        return gettext(GREETING, name=name)
