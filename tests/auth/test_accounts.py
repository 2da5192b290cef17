"""Registration, login and the safety rules around them."""
from sqlalchemy import func, select

from matchmaker.auth.session import safe_next_url
from models import Organisation, User
from tests.conftest import csrf_token
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, UserFactory

VALID_CODE = "91140100MA0K2B3C4" + __import__("stdnum.cn.uscc", fromlist=["x"]).calc_check_digit("91140100MA0K2B3C4")


def _registration(**overrides):
    data = {
        "email": "Li.Ming@Example.EDU.cn", "password": "s3cure-pass", "password_confirm": "s3cure-pass",
        "display_name": "李明", "organisation-name": "晋中理工大学", "organisation-kind": "university",
        "organisation-province": "山西省", "organisation-city": "晋中市", "organisation-credit_code": "",
    }
    return {**data, **overrides}


def test_registering_creates_an_unverified_organisation_owned_by_the_user(client, auth, session):
    response = auth.post("/register", _registration())
    assert response.status_code == 302
    user = session.scalar(select(User).where(User.email == "li.ming@example.edu.cn"))
    assert user.is_org_owner and user.organisation.name == "晋中理工大学"
    assert not user.organisation.verified


def test_passwords_are_stored_as_argon2_hashes(auth, session):
    auth.post("/register", _registration())
    user = session.scalar(select(User).where(User.email == "li.ming@example.edu.cn"))
    assert user.password_hash.startswith("$argon2id$")
    assert "s3cure-pass" not in user.password_hash


def test_email_is_unique_regardless_of_case(auth, session):
    UserFactory(email="li.ming@example.edu.cn")
    response = auth.post("/register", _registration())
    assert response.status_code == 422
    assert "该邮箱已注册" in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Organisation).where(Organisation.name == "晋中理工大学")) == 0


def test_an_invalid_credit_code_is_reported_next_to_its_field(auth):
    response = auth.post("/register", _registration(**{"organisation-credit_code": VALID_CODE[:-1] + "0"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="field-organisation-credit_code"' in page
    assert "统一社会信用代码校验位不正确" in page


def test_a_valid_credit_code_is_accepted(auth, session):
    auth.post("/register", _registration(**{"organisation-credit_code": VALID_CODE}))
    assert session.scalar(select(Organisation).where(Organisation.credit_code == VALID_CODE)) is not None


def test_an_invitation_code_joins_the_existing_organisation_as_member(auth, session):
    org = OrganisationFactory()
    auth.post("/register", _registration(invite_code=org.invite_code, **{"organisation-name": ""}))
    user = session.scalar(select(User).where(User.email == "li.ming@example.edu.cn"))
    assert user.organisation_id == org.id and not user.is_org_owner


def test_login_with_the_wrong_password_is_refused(client, auth):
    user = UserFactory()
    response = auth.login(user, password="wrong-password")
    assert response.status_code == 422
    assert "邮箱或密码不正确" in response.get_data(as_text=True)


def test_login_follows_a_local_next_parameter(client):
    user = UserFactory()
    response = client.post("/login", data={
        "email": user.email, "password": DEFAULT_PASSWORD, "next": "/my/postings", "csrf_token": csrf_token(client),
    })
    assert response.headers["Location"] == "/my/postings"


def test_login_never_redirects_off_site(client):
    user = UserFactory()
    response = client.post("/login", data={
        "email": user.email, "password": DEFAULT_PASSWORD, "next": "https://evil.example/x", "csrf_token": csrf_token(client),
    })
    assert response.headers["Location"] == "/"


def test_safe_next_url_rejects_every_off_site_form():
    for target in ("//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", "evil.example"):
        assert safe_next_url(target, "/") == "/"


def test_a_form_post_without_csrf_token_is_refused(client, session):
    before = session.scalar(select(func.count()).select_from(User))
    response = client.post("/register", data=_registration())
    assert response.status_code == 400
    assert session.scalar(select(func.count()).select_from(User)) == before


def test_every_form_carries_a_csrf_token(client, auth):
    for url in ("/login", "/register"):
        assert 'name="csrf_token"' in client.get(url).get_data(as_text=True)
    auth.login(UserFactory())
    for url in ("/offers/new", "/needs/new", "/organisation/edit"):
        assert 'name="csrf_token"' in client.get(url).get_data(as_text=True)


def test_the_ui_speaks_chinese_first_and_switches_to_english(client):
    assert "科技成果" in client.get("/").get_data(as_text=True)
    client.get("/lang/en")
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
