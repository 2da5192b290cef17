"""E-mail: messages wait on the session and leave only after it commits, to the log, by SMTP or through RQ.

`queue_mail` never touches the network. The message is held in `session.info` and handed to a sender once the
transaction has committed (a rollback drops it, including the rollback of a savepoint it was queued in), so a
failed request never mails anybody and a slow or broken SMTP server never holds a transaction open.

The sender follows the configuration: no `MAIL_SERVER` writes each message to the log (the embedded default); a
`MAIL_SERVER` sends by SMTP with smtplib. With `MAIL_QUEUE=rq` and `REDIS_URL` set, committed messages are enqueued
on the RQ queue `mail` instead, and `matchmaker worker` sends them.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Protocol

from flask import current_app, has_app_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

log = logging.getLogger(__name__)

QUEUE_NAME = "mail"
DEFAULT_BASE_URL = "http://127.0.0.1:5000"
DEFAULT_SENDER = "科技大市场 <noreply@matchmaker.localhost>"
SMTP_TIMEOUT = 10
_OUTBOX = "mail_outbox"
_MARKS = "mail_savepoint_marks"


# -- queueing on the session -----------------------------------------------------------------------------------------

def queue_mail(session: Session, to: str, subject: str, body: str, link: str = "", locale: str = "zh") -> None:
    """Hold a message until `session` commits; `link` is site-relative and becomes absolute when sent.

    `subject` and `body` come rendered in the recipient's language, `locale`, in which the footer is added.
    """
    if not to:
        return
    session.info.setdefault(_OUTBOX, []).append({"to": to, "subject": subject, "body": body, "link": link,
                                                 "locale": locale})


def pending_mail(session: Session) -> list[dict]:
    """The messages waiting for the session's commit."""
    return list(session.info.get(_OUTBOX, []))


def init_app(app, session_factory) -> None:
    """Send held messages after each commit of `session_factory`'s sessions; drop them on rollback."""
    for name, listener in (("after_transaction_create", _mark_savepoint), ("after_soft_rollback", _drop_rolled_back),
                           ("after_commit", _send_after_commit)):
        if not event.contains(session_factory, name, listener):
            event.listen(session_factory, name, listener)


def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    # A savepoint remembers how much mail was held when it began, so rolling it back drops only its own.
    if transaction.nested:
        session.info.setdefault(_MARKS, {})[id(transaction)] = len(session.info.get(_OUTBOX, []))


def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    marks = session.info.get(_MARKS, {})
    if previous_transaction.nested:
        mark = marks.pop(id(previous_transaction), None)
        if mark is not None and _OUTBOX in session.info:
            del session.info[_OUTBOX][mark:]
    elif previous_transaction.parent is None:
        dropped = session.info.pop(_OUTBOX, [])
        session.info.pop(_MARKS, None)
        if dropped:
            log.info("transaction rolled back: %d e-mail(s) not sent", len(dropped))


def _send_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a released savepoint: the real commit is still to come
        return
    outbox = session.info.pop(_OUTBOX, [])
    session.info.pop(_MARKS, None)
    if not outbox:
        return
    if not has_app_context():
        log.warning("%d e-mail(s) committed outside an application context were not sent", len(outbox))
        return
    dispatch(outbox, current_app.config)


# -- dispatching -----------------------------------------------------------------------------------------------------

def dispatch(outbox: list[dict], config: Mapping) -> None:
    """Hand committed messages to RQ when so configured, otherwise send them now; failures are logged, not raised."""
    if config.get("MAIL_QUEUE") == "rq" and config.get("REDIS_URL"):
        try:
            enqueue(outbox, config["REDIS_URL"])
            return
        except Exception:  # Redis down: mail is better sent late from this process than lost
            log.exception("could not enqueue %d e-mail(s) on RQ; sending them inline", len(outbox))
    try:
        deliver(outbox, config)
    except Exception:  # whatever the mail server does, the committed request stands
        log.exception("sending %d e-mail(s) failed", len(outbox))


def enqueue(outbox: list[dict], redis_url: str) -> None:
    """Put the messages on the RQ `mail` queue as one job."""
    from redis import Redis
    from rq import Queue

    Queue(QUEUE_NAME, connection=Redis.from_url(redis_url)).enqueue(send_job, outbox, result_ttl=0)
    log.info("enqueued %d e-mail(s) on RQ queue %r", len(outbox), QUEUE_NAME)


def send_job(outbox: list[dict]) -> int:
    """The RQ job: send the messages with the worker's configuration."""
    if has_app_context():
        return deliver(outbox, current_app.config)
    from matchmaker import create_app

    app = create_app()
    with app.app_context():
        return deliver(outbox, app.config)


def deliver(outbox: Iterable[dict], config: Mapping) -> int:
    """Build and send the messages with the configured sender; the number sent."""
    messages = [build_message(mail, config) for mail in outbox]
    return sender_for(config).send(messages) if messages else 0


def build_message(mail: Mapping, config: Mapping) -> EmailMessage:
    """A UTF-8 plain-text message whose link is absolute on MATCHMAKER_BASE_URL."""
    message = EmailMessage()
    message["Subject"] = mail["subject"]
    message["From"] = config.get("MAIL_DEFAULT_SENDER") or DEFAULT_SENDER
    message["To"] = mail["to"]
    message["Date"] = formatdate(localtime=False)
    domain = parseaddr(str(message["From"]))[1].rpartition("@")[2] or "matchmaker.localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    text = mail["body"].rstrip()
    link = absolute_url(mail.get("link", ""), config.get("MATCHMAKER_BASE_URL"))
    with force_locale(mail.get("locale") or "zh"):  # the recipient's language, wherever it is sent from
        if link:
            text += "\n\n" + _("查看详情：%(link)s", link=link)
        footer = _("——\n科技大市场撮合平台 · Matchmaker\n此邮件由系统自动发送，请勿直接回复。")
    message.set_content(f"{text}\n\n{footer}\n", charset="utf-8", cte="base64")  # 7-bit safe for any relay
    return message


def absolute_url(link: str, base_url: str | None) -> str:
    """A site-relative link made absolute on the site's base URL; other links pass unchanged."""
    if not link or not link.startswith("/"):
        return link
    return (base_url or DEFAULT_BASE_URL).rstrip("/") + link


# -- senders ---------------------------------------------------------------------------------------------------------

class Sender(Protocol):
    def send(self, messages: list[EmailMessage]) -> int: ...


class LogSender:
    """The embedded default: each message is written to the log instead of being sent."""

    def send(self, messages: list[EmailMessage]) -> int:
        """Log every message in full; all count as sent."""
        for message in messages:
            log.info("e-mail (not sent, MAIL_SERVER is unset)\nTo: %s\nSubject: %s\n\n%s",
                     message["To"], message["Subject"], message.get_content())
        return len(messages)


class SmtpSender:
    """SMTP with the standard library: one connection per batch, STARTTLS and login when configured."""

    def __init__(self, host: str, port: int = 25, use_tls: bool = False, username: str = "", password: str = "",
                 timeout: float = SMTP_TIMEOUT) -> None:
        self.host, self.port, self.use_tls = host, port, use_tls
        self.username, self.password, self.timeout = username, password, timeout

    def send(self, messages: list[EmailMessage]) -> int:
        """Send what the server accepts; a refused message is logged and the rest still go."""
        sent = 0
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password)
            for message in messages:
                try:
                    smtp.send_message(message)
                except smtplib.SMTPException:
                    log.exception("SMTP server %s refused the e-mail to %s", self.host, message["To"])
                else:
                    sent += 1
        log.info("sent %d of %d e-mail(s) through %s:%d", sent, len(messages), self.host, self.port)
        return sent


def sender_for(config: Mapping) -> Sender:
    """SMTP when MAIL_SERVER is set, otherwise the log."""
    host = config.get("MAIL_SERVER")
    if not host:
        return LogSender()
    return SmtpSender(host, int(config.get("MAIL_PORT") or 25), bool(config.get("MAIL_USE_TLS")),
                      config.get("MAIL_USERNAME") or "", config.get("MAIL_PASSWORD") or "")
