"""Case messages: the broker and each side of a case write to each other inside the case.

A case has two threads: the offer side with the broker, and the demand side with the broker. A side reads and writes
only its own thread, so neither side ever reads the other's messages nor addresses the other side: before the
introduction that would hand over what only an accepted introduction may, and after it the two sides have each
other's contacts on the case page. The broker reads and writes both threads; admins read both.

Messages pass the same contact filter as interests, every message notifies its recipients (in the app and by
e-mail), and the interest that opened a case is the first message of its side's thread (`pipeline.open_case` copies
it). Services flush and never commit.
"""
from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.brokerage import access, pipeline
from matchmaker.contact_details import holds_contact_details
from matchmaker.errors import Conflict, PermissionDenied, ValidationError
from matchmaker.notifications.services import notify
from models import Case, CaseMessage, User, utcnow
from models.choices import CaseStage

log = logging.getLogger(__name__)

BODY_MAX = 2000
RECIPIENTS = ("offer_side", "need_side", "broker")
# A thread is named by its side: "offer" in the models and access rules, "offer_side" to readers and in the API.
SIDE_NAMES = {"offer": "offer_side", "demand": "need_side"}
THREADS = {name: thread for thread, name in SIDE_NAMES.items()}


def thread_messages(session: Session, viewer, case: Case) -> list[CaseMessage]:
    """The messages of the case the viewer may read, oldest first (a side: only its own thread)."""
    threads = access.message_threads(viewer, case)
    if not threads:
        return []
    return list(session.scalars(select(CaseMessage).where(CaseMessage.case_id == case.id,
                                                          CaseMessage.thread.in_(threads))
                                .options(selectinload(CaseMessage.author))
                                .order_by(CaseMessage.created_at, CaseMessage.id)))


def sender_of(message: CaseMessage) -> str:
    """Who wrote a message, as a role: "broker", "offer_side" or "need_side"."""
    return "broker" if message.from_broker else SIDE_NAMES[message.thread]


def recipient_of(message: CaseMessage) -> str:
    """Whom a message was written to, as a role: "broker", "offer_side" or "need_side"."""
    return SIDE_NAMES[message.thread] if message.from_broker else "broker"


def check_body(body: str | None) -> str:
    """The message text: not empty, at most BODY_MAX characters, and no phone number, e-mail address or WeChat id."""
    text = (body or "").strip()
    if not text:
        message = _("请填写留言内容。")
    elif len(text) > BODY_MAX:
        message = _("留言最多 %(n)d 个字。", n=BODY_MAX)
    elif holds_contact_details(text):
        message = _("留言中请勿填写电话、邮箱或微信号：双方同意引荐后，平台会为双方交换联系方式。")
    else:
        return text
    raise ValidationError(message, {"body": message})


def check_recipient(actor: User, case: Case, to) -> str:
    """`to` if the actor may write to it in this case: PermissionDenied for those who only read or cannot see the
    case, a ValidationError on `to` for any other address (a side addressing the other side, say)."""
    allowed = access.message_recipients(actor, case)
    if not allowed:
        raise PermissionDenied(_("只有对接双方和负责该对接的经纪人可以留言。"))
    if to in allowed:
        return to
    if to not in RECIPIENTS:
        message = _("请选择留言对象。")
    elif allowed == ("broker",):
        message = _("只能给负责该对接的技术经纪人留言；双方之间的沟通由经纪人转达。")
    else:
        message = _("请选择给供方还是需方留言。")
    raise ValidationError(message, {"to": message})


def post_message(session: Session, actor: User, case: Case, to, body: str | None) -> CaseMessage:
    """Write in a case: the broker `to` "offer_side" or "need_side", a side `to` "broker"; the recipients are notified.

    Anyone else is refused (PermissionDenied), addressing anyone else is a ValidationError on `to`, and a closed case
    or a case without a broker takes no messages (Conflict).
    """
    to = check_recipient(actor, case, to)
    if case.stage == CaseStage.CLOSED:
        raise Conflict(_("该对接已关闭，不能再留言。"))
    if to == "broker" and case.broker_id is None:
        raise Conflict(_("该对接暂无负责的技术经纪人，暂时不能留言。"))
    text = check_body(body)
    from_broker = to != "broker"
    thread = THREADS[to] if from_broker else access.side_of(actor, case)
    message = CaseMessage(case=case, thread=thread, from_broker=from_broker, author=actor, body=text)
    session.add(message)
    case.updated_at = utcnow()
    session.flush()
    readers = pipeline.side_members(case, thread) if from_broker else [case.broker]
    params = {"title": pipeline.title(case), "sender": sender_of(message)}
    for reader in readers:
        if reader is not None and reader.id != actor.id:
            notify(session, reader, "case.message", params, f"/cases/{case.id}#messages")
    log.info("case %s: message %s in the %s thread", case.id, message.id, thread)
    return message
