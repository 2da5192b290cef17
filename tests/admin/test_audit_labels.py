"""The audit log reads as sentences: every action code written anywhere has a label, details are shown through their
vocabularies, and the page shows labels in the reader's language, never the codes."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from flask_babel import force_locale

from matchmaker import audit
from matchmaker.events.services import TRANSITIONS
from matchmaker.extensions import db
from matchmaker.market.services import MODELS
from models import AuditEntry
from tests.factories import CaseFactory, EventFactory, OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2] / "matchmaker"

# Codes built at run time, by the f-string the writer uses ("{}" for each placeholder), and the values it takes.
# A writer with a new f-string fails test_every_written_action_code_is_known until it is listed here.
DYNAMIC_CODES = {
    "event.{}": [status.value for status in TRANSITIONS],
    "import.duplicates_{}": ["kept", "dropped"],
    "{}.close": list(MODELS),
}


def _template(node: ast.JoinedStr) -> str:
    return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


def _is_audit_record(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "record" and isinstance(func.value, ast.Name) \
        and func.value.id == "audit"


def _argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return call.args[position] if len(call.args) > position else None


def written() -> list[tuple[str, ast.expr, set[str]]]:
    """(place, action expression, detail keywords) of every audit.record call, and of every call of a module's
    wrapper that passes its own `action` parameter on to audit.record (as admin/users.py's _record does)."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrappers: dict[str, int] = {}
        passed_on: set[int] = set()  # id() of the wrappers' own audit.record calls
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            params = [a.arg for a in function.args.args]
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and _is_audit_record(call):
                    action = _argument(call, 2, "action")
                    if isinstance(action, ast.Name) and action.id in params:
                        wrappers[function.name] = params.index(action.id)
                        passed_on.add(id(call))
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or id(call) in passed_on:
                continue
            if _is_audit_record(call):
                action = _argument(call, 2, "action")
            elif isinstance(call.func, ast.Name) and call.func.id in wrappers:
                action = _argument(call, wrappers[call.func.id], "action")
            else:
                continue
            details = {k.arg for k in call.keywords if k.arg not in (None, "action")}
            found.append((f"{path.relative_to(ROOT.parent)}:{call.lineno}", action, details))
    return found


def written_codes() -> dict[str, str]:
    """Every action code the code base can write, with one place that writes it."""
    codes: dict[str, str] = {}
    for place, action, _details in written():
        if isinstance(action, ast.Constant) and isinstance(action.value, str):
            codes.setdefault(action.value, place)
        elif isinstance(action, ast.JoinedStr):
            template = _template(action)
            assert template in DYNAMIC_CODES, f"{place}: list the values of {template!r} in DYNAMIC_CODES"
            for value in DYNAMIC_CODES[template]:
                codes.setdefault(template.format(value), place)
        else:
            pytest.fail(f"{place}: write the audit action as a literal code or an f-string listed in DYNAMIC_CODES")
    return codes


def test_the_scan_finds_the_writers_of_every_area():
    codes = written_codes()
    assert {"organisation.verify", "user.roles", "case.reassign", "event.schedule", "offer.close",
            "import.duplicates_dropped", "event.open"} <= set(codes)


def test_every_written_action_code_is_known():
    missing = {code: place for code, place in written_codes().items() if code not in audit.ACTIONS}
    assert not missing, f"add a label to matchmaker.audit.ACTIONS for {missing}"


def test_every_written_detail_has_a_label():
    missing = {key: place for place, _action, details in written() for key in details if key not in audit.DETAILS}
    assert not missing, f"add a label to matchmaker.audit.DETAILS for {missing}"


def test_the_cli_marker_of_admin_users_writes_has_a_label():
    assert "via" in audit.DETAILS


def test_every_label_is_translated_into_english(app):
    chinese = re.compile(r"[\u4e00-\u9fff]")
    with app.test_request_context(), force_locale("en"):
        untranslated = [str(text) for text in (*audit.ACTIONS.values(), *audit.DETAILS.values())
                        if chinese.search(str(text))]
    assert not untranslated


def test_an_unknown_code_is_logged_when_written(session, caplog):
    org = OrganisationFactory()
    audit.record(session, None, "organisation.something_new", org, odd_detail=1)
    assert "organisation.something_new" in caplog.text and "odd_detail" in caplog.text


# -- the page --------------------------------------------------------------------------------------------------------

@pytest.fixture
def admin(auth):
    user = UserFactory(admin=True, display_name="审计管理员")
    auth.login(user)
    return user


def _visible(page: str) -> str:
    """The page's text without its tags and attributes (titles keep the codes for admins)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def test_the_audit_page_shows_the_action_label_and_keeps_the_code_in_a_title(client, auth, admin):
    org = OrganisationFactory(unverified=True, name="晋中新材料研究院")
    auth.post(f"/admin/organisations/{org.id}/verify")
    page = client.get("/admin/audit").get_data(as_text=True)
    text = _visible(page)
    assert "机构认证通过" in text and 'title="organisation.verify"' in page and "organisation.verify" not in text
    assert "随之公开的信息：0" in text and "published_postings" not in text
    assert f"机构 #{org.id} 晋中新材料研究院" in text and "organisations" not in text


def _entry(action: str, target_type: str, target_id: int, actor=None, **details) -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, target_type=target_type, target_id=target_id, details=details)
    db.session.add(entry)
    db.session.flush()
    return entry


def test_a_schedule_entry_reads_as_phrases(client, admin):
    event = EventFactory(title="镁合金校企对接会")
    _entry("event.schedule", "events", event.id, admin, created=12, moved=1, cancelled=0, kept=3, objective=52.0)
    page = client.get("/admin/audit").get_data(as_text=True)
    text = _visible(page)
    assert "生成会谈日程" in text and "目标值：52" in text and "新安排的会谈：12" in text
    assert "objective" not in text and "52.0" not in text and "event.schedule" not in text
    assert f'href="/events/{event.id}"' in page and "镁合金校企对接会" in page


def test_role_changes_show_role_names_and_reassignments_show_broker_names(client, admin):
    user = UserFactory(display_name="周经纪")
    _entry("user.roles", "users", user.id, admin, added=["broker"], removed=["organiser"])
    case = CaseFactory()
    before, after = case.broker, UserFactory(broker=True, display_name="新来的经纪人")
    _entry("case.reassign", "cases", case.id, admin, from_broker=before.id, to_broker=after.id)
    _entry("user.deactivate", "users", user.id, None, tokens_revoked=2, via="cli")
    text = _visible(client.get("/admin/audit").get_data(as_text=True))
    assert "修改平台角色" in text and "新增角色：技术经纪人" in text and "取消角色：活动组织者" in text
    assert f"原经纪人：{before.display_name}" in text and "新经纪人：新来的经纪人" in text
    assert "命令行" in text and "失效的访问令牌：2" in text and "via" not in text and "cli" not in text
    assert "broker" not in text and "organiser" not in text


def test_coverage_changes_show_field_and_province_names(client, admin):
    user = UserFactory(broker=True)
    _entry("user.broker_coverage", "users", user.id, admin, fields=["new_energy_battery"], regions=["山西省"])
    text = _visible(client.get("/admin/audit").get_data(as_text=True))
    assert "服务领域：新能源电池" in text and "服务地区：山西省" in text and "new_energy_battery" not in text


def test_an_unknown_code_and_detail_are_humanised(client, admin):
    org = OrganisationFactory()
    _entry("organisation.merge_into", "organisations", org.id, admin, kept_name=True, odd_count=3)
    text = _visible(client.get("/admin/audit").get_data(as_text=True))
    assert "Organisation merge into" in text and "Kept name：是" in text and "Odd count：3" in text
    assert "merge_into" not in text and "odd_count" not in text


def test_the_audit_page_speaks_english_to_an_english_reader(client, auth, admin):
    org = OrganisationFactory(unverified=True)
    auth.post(f"/admin/organisations/{org.id}/verify")
    event = EventFactory()
    _entry("event.schedule", "events", event.id, admin, objective=52.5)
    client.get("/lang/en")
    text = _visible(client.get("/admin/audit").get_data(as_text=True))
    assert "Organisation verified" in text and "Objective value: 52.5" in text
    assert f"Organisation #{org.id}" in text and "机构认证通过" not in text and "目标值" not in text
