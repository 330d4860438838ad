"""Logins that fail too often, server-side sessions and user management — over HTTP, on SQLite and
PostgreSQL. Time moves by giving the application another FixedClock, never by sleeping; the
counters live in the database, so a second application on the same database sees them too."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from typer.testing import CliRunner

from hozen.app import create_app
from hozen.cli import app as cli_app
from hozen.clock import FixedClock
from hozen.config import Settings
from hozen.domain.roles import Role
from hozen.store.db import Database
from tests.support import TEST_PASSWORD, TEST_REGISTRATION_NUMBER, TEST_SECRET_KEY, MakeUser, bearer, csrf_of, web_login

PROBLEM = "application/problem+json"
START = dt.datetime(2026, 4, 1, 0, 0, tzinfo=dt.UTC)
WRONG = "not the password at all"
NEW_PASSWORD = "a brand new passphrase 7"


def problem(response: Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, object] = response.json()
    assert body["code"] == code
    assert body["message_ja"] and body["message_en"]
    return body


def make_app(database: Database, **overrides: object) -> FastAPI:
    values: dict[str, object] = {
        "database_url": database.url,
        "secret_key": TEST_SECRET_KEY,
        "issuer_registration_number": TEST_REGISTRATION_NUMBER,
        "demo": False,
        **overrides,
    }
    return create_app(Settings(**values), clock=FixedClock(START))  # type: ignore[arg-type]


@pytest.fixture
def app(database: Database) -> Iterator[FastAPI]:
    application = make_app(database)
    yield application
    application.state.database.dispose()


def later(app: FastAPI, **delta: float) -> None:
    """Move the application's clock forward."""
    app.state.clock = FixedClock(app.state.clock.now() + dt.timedelta(**delta))


def login(client: TestClient, login_id: str, password: str = TEST_PASSWORD) -> Response:
    return client.post("/api/v1/auth/tokens", json={"login": login_id, "password": password})


# --- lockout per login id -----------------------------------------------------------------------


@pytest.mark.parametrize("login_id", ["sato", "nobody-here"])
def test_ten_failures_in_a_row_lock_a_login_id_for_fifteen_minutes(
    app: FastAPI, client: TestClient, make_user: MakeUser, login_id: str
) -> None:
    make_user(Role.UNDERWRITER, login="sato")
    for _ in range(10):
        problem(login(client, login_id, WRONG), 401, "INVALID_CREDENTIALS")
    locked = problem(login(client, login_id), 429, "LOGIN_LOCKED")  # even the right password (or none exists)
    assert locked["message_ja"] == (
        "ログインの失敗が続いたため、このログインIDは一時的にログインできません。15分ほど待ってから、"
        "もう一度お試しください。お急ぎの場合は管理者に解除を依頼してください。"
    )
    assert login(client, login_id).headers["retry-after"] == str(15 * 60)

    later(app, minutes=14, seconds=59)
    assert login(client, login_id).headers["retry-after"] == "1"
    later(app, seconds=1)
    expected = 201 if login_id == "sato" else 401
    assert login(client, login_id).status_code == expected


def test_a_success_resets_the_count(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.UNDERWRITER, login="sato")
    for _ in range(2):
        for _ in range(9):
            problem(login(client, "sato", WRONG), 401, "INVALID_CREDENTIALS")
        assert login(client, "sato").status_code == 201
    problem(login(client, "sato", WRONG), 401, "INVALID_CREDENTIALS")  # 1 in a row, not 19


def test_every_server_process_sees_the_lock(
    app: FastAPI, client: TestClient, database: Database, make_user: MakeUser
) -> None:
    make_user(Role.UNDERWRITER, login="sato")
    other = make_app(database)
    try:
        with TestClient(other, base_url="https://testserver") as second:
            for attempt in range(10):
                problem(login(client if attempt % 2 else second, "sato", WRONG), 401, "INVALID_CREDENTIALS")
            problem(login(second, "sato"), 429, "LOGIN_LOCKED")
    finally:
        other.state.database.dispose()


def test_an_administrator_unlocks_a_login_id(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.ADMIN, login="boss")
    sato = make_user(Role.UNDERWRITER, login="sato")
    admin = bearer(client, "boss")
    for _ in range(10):
        login(client, "sato", WRONG)
    listed = {u["login"]: u for u in client.get("/api/v1/users", headers=admin).json()}
    assert listed["sato"]["locked_until"] == "2026-04-01T00:15:00Z"
    assert listed["boss"]["locked_until"] is None

    unlocked = client.post(f"/api/v1/users/{sato.id}/unlock", headers=admin, json={"reason": "本人確認済み"})
    assert unlocked.status_code == 200, unlocked.text
    assert unlocked.json()["locked_until"] is None
    assert login(client, "sato").status_code == 201
    web_login(client, "boss")
    page = client.get(f"/staff/users/{sato.id}")
    assert "ログイン停止の解除" in page.text and "本人確認済み" in page.text


def test_the_login_page_shows_the_lock_beside_the_form_and_keeps_the_login_id(
    client: TestClient, make_user: MakeUser
) -> None:
    make_user(Role.OPERATIONS, login="web-user")
    for _ in range(10):
        client.post("/login", data={"login": "web-user", "password": WRONG, "csrf": csrf_of(client)})
    page = client.post("/login", data={"login": "web-user", "password": TEST_PASSWORD, "csrf": csrf_of(client)})
    assert page.status_code == 429 and page.headers["retry-after"] == "900"
    assert page.headers["content-type"].startswith("text/html")
    assert "このログインIDは一時的にログインできません。15分ほど待ってから" in page.text
    assert 'value="web-user"' in page.text
    assert TEST_PASSWORD not in page.text


# --- throttling per client address --------------------------------------------------------------


def test_thirty_failures_from_one_address_block_it_for_the_window(app: FastAPI, make_user: MakeUser) -> None:
    make_user(Role.UNDERWRITER, login="sato")
    with (
        TestClient(app, base_url="https://testserver", client=("203.0.113.7", 40000)) as attacker,
        TestClient(app, base_url="https://testserver", client=("198.51.100.2", 40000)) as colleague,
    ):
        for attempt in range(30):  # a different login id each time: no login id is locked
            problem(login(attacker, f"guess-{attempt}", WRONG), 401, "INVALID_CREDENTIALS")
        blocked = problem(login(attacker, "sato"), 429, "LOGIN_THROTTLED")
        assert blocked["message_en"] == "Too many failed logins from this address. Try again in about 15 minutes."
        assert login(attacker, "sato").headers["retry-after"] == "900"
        assert login(colleague, "sato").status_code == 201  # another address is not affected
        later(app, minutes=15)
        assert login(attacker, "sato").status_code == 201


def test_the_limits_are_settings(database: Database, make_user: MakeUser) -> None:
    make_user(Role.UNDERWRITER, login="sato")
    app = make_app(database, login_max_failures=3, login_lock_minutes=2)
    try:
        with TestClient(app, base_url="https://testserver") as client:
            for _ in range(3):
                problem(login(client, "sato", WRONG), 401, "INVALID_CREDENTIALS")
            assert problem(login(client, "sato"), 429, "LOGIN_LOCKED")["context"] == {"retry_after": 120, "minutes": 2}
    finally:
        app.state.database.dispose()


# --- server-side sessions -----------------------------------------------------------------------


def test_a_cookie_copied_before_logout_no_longer_opens_the_portal(app: FastAPI, make_user: MakeUser) -> None:
    from tests.integration.scenario import add_customer

    customer_id = add_customer(app.state.database)
    make_user(Role.CUSTOMER, login="yamada", customer_id=customer_id)
    with TestClient(app, base_url="https://testserver") as browser:
        web_login(browser, "yamada")
        copied = browser.cookies["hozen_session"]
        assert browser.get("/portal").status_code == 200
        browser.post("/logout", data={"csrf": csrf_of(browser, "/portal")})
    with TestClient(app, base_url="https://testserver", cookies={"hozen_session": copied}) as thief:
        page = thief.get("/portal", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login")
        problem(thief.get("/api/v1/me"), 401, "AUTHENTICATION_REQUIRED")


def test_only_a_digest_of_the_session_token_is_stored(
    client: TestClient, database: Database, make_user: MakeUser
) -> None:
    from sqlalchemy import text

    make_user(Role.OPERATIONS, login="web-user")
    web_login(client, "web-user")
    with database.engine.connect() as connection:
        stored = connection.execute(text("SELECT token_hash FROM web_sessions")).scalars().all()
    assert len(stored) == 1 and len(stored[0]) == 64
    assert stored[0] not in client.cookies["hozen_session"]


def test_ended_and_expired_sessions_are_deleted_at_the_next_login(
    app: FastAPI, client: TestClient, database: Database, make_user: MakeUser
) -> None:
    from sqlalchemy import text

    make_user(Role.OPERATIONS, login="ops")
    web_login(client, "ops")
    client.post("/logout", data={"csrf": csrf_of(client)})  # ended
    web_login(client, "ops")
    later(app, hours=8)  # past its absolute end
    web_login(client, "ops")
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM web_sessions")).scalar_one() == 1


def test_a_password_change_ends_the_other_sessions(app: FastAPI, make_user: MakeUser) -> None:
    make_user(Role.OPERATIONS, login="ops")
    with (
        TestClient(app, base_url="https://testserver") as office,
        TestClient(app, base_url="https://testserver") as home,
    ):
        web_login(office, "ops")
        web_login(home, "ops")
        token = bearer(office, "ops")
        changed = office.post(
            "/staff/password",
            data={
                "current_password": TEST_PASSWORD,
                "new_password": NEW_PASSWORD,
                "new_password_again": NEW_PASSWORD,
                "csrf": csrf_of(office, "/staff/password"),
            },
            follow_redirects=False,
        )
        assert changed.status_code == 303, changed.text
        assert office.get("/api/v1/me").json()["login"] == "ops"  # the session that changed it stays
        problem(home.get("/api/v1/me"), 401, "AUTHENTICATION_REQUIRED")
        assert office.get("/api/v1/me", headers=token).status_code == 200  # API tokens stay
        problem(login(home, "ops"), 401, "INVALID_CREDENTIALS")
        assert login(home, "ops", NEW_PASSWORD).status_code == 201


def test_a_session_ends_after_an_idle_hour_and_after_eight_hours_at_most(app: FastAPI, make_user: MakeUser) -> None:
    make_user(Role.OPERATIONS, login="ops")
    with TestClient(app, base_url="https://testserver") as browser:
        web_login(browser, "ops")
        later(app, minutes=59)
        assert browser.get("/api/v1/me").status_code == 200
        later(app, minutes=60)  # 60 minutes after the last request
        problem(browser.get("/api/v1/me"), 401, "AUTHENTICATION_REQUIRED")

        web_login(browser, "ops")
        for _ in range(15):  # busy all day: a request every 30 minutes for 7.5 hours
            later(app, minutes=30)
            assert browser.get("/api/v1/me").status_code == 200
        later(app, minutes=30)  # 8 hours after logging in
        problem(browser.get("/api/v1/me"), 401, "AUTHENTICATION_REQUIRED")


@pytest.mark.parametrize(("demo", "secure"), [(False, True), (True, False)])
def test_the_session_cookie_is_secure_outside_demo_mode(
    database: Database, make_user: MakeUser, demo: bool, secure: bool
) -> None:
    make_user(Role.OPERATIONS, login="web-user")
    app = make_app(database, demo=demo)
    scheme = "https" if secure else "http"
    try:
        with TestClient(app, base_url=f"{scheme}://testserver") as browser:
            response = browser.post(
                "/login",
                data={"login": "web-user", "password": TEST_PASSWORD, "csrf": csrf_of(browser)},
                follow_redirects=False,
            )
            assert response.status_code == 303
            attributes = [part.strip().lower() for part in response.headers["set-cookie"].split(";")]
            assert "httponly" in attributes and "samesite=lax" in attributes
            assert ("secure" in attributes) is secure
    finally:
        app.state.database.dispose()


def test_cookie_secure_can_be_set_either_way() -> None:
    assert Settings(demo=True, cookie_secure=True).secure_cookies() is True
    assert Settings(demo=False, cookie_secure=False).secure_cookies() is False


# --- user management ----------------------------------------------------------------------------


@pytest.fixture
def admin(client: TestClient, make_user: MakeUser) -> dict[str, str]:
    make_user(Role.ADMIN, login="boss")
    return bearer(client, "boss")


def test_deactivation_ends_sessions_and_revokes_api_tokens(
    app: FastAPI, client: TestClient, admin: dict[str, str], make_user: MakeUser
) -> None:
    leaver = make_user(Role.OPERATIONS, login="leaver")
    token = bearer(client, "leaver")
    with TestClient(app, base_url="https://testserver") as browser:
        web_login(browser, "leaver")
        done = client.post(f"/api/v1/users/{leaver.id}/deactivate", headers=admin, json={"reason": "退職"})
        assert done.status_code == 200 and done.json()["active"] is False
        problem(browser.get("/api/v1/me"), 401, "AUTHENTICATION_REQUIRED")
        problem(client.get("/api/v1/me", headers=token), 401, "INVALID_TOKEN")
        problem(login(client, "leaver"), 401, "INVALID_CREDENTIALS")

        again = client.post(f"/api/v1/users/{leaver.id}/reactivate", headers=admin)
        assert again.status_code == 200 and again.json()["active"] is True
        problem(client.get("/api/v1/me", headers=token), 401, "INVALID_TOKEN")  # revoked tokens stay revoked
        assert login(client, "leaver").status_code == 201


def test_a_role_change_applies_from_the_next_request(
    app: FastAPI, client: TestClient, admin: dict[str, str], make_user: MakeUser
) -> None:
    promoted = make_user(Role.UNDERWRITER, login="riser")
    with TestClient(app, base_url="https://testserver") as browser:
        web_login(browser, "riser")
        problem(browser.get("/api/v1/users"), 403, "FORBIDDEN")
        changed = client.patch(f"/api/v1/users/{promoted.id}", headers=admin, json={"role": "admin", "reason": "異動"})
        assert changed.status_code == 200 and changed.json()["role"] == "admin"
        assert browser.get("/api/v1/users").status_code == 200


def test_the_history_shows_each_decision_with_before_and_after(
    client: TestClient, admin: dict[str, str], make_user: MakeUser
) -> None:
    created = client.post(
        "/api/v1/users",
        headers=admin,
        json={"login": "tanaka", "display_name": "田中", "password": TEST_PASSWORD, "role": "underwriter"},
    ).json()
    client.patch(
        f"/api/v1/users/{created['id']}",
        headers=admin,
        json={"role": "approver", "display_name": "田中 一郎", "reason": "昇格"},
    )
    client.post(f"/api/v1/users/{created['id']}/deactivate", headers=admin, json={"reason": "退職"})
    web_login(client, "boss")
    page = client.get(f"/staff/users/{created['id']}")
    assert page.status_code == 200
    rows = re.findall(r"<tr><td class=\"date\">.*?</tr>", page.text, flags=re.S)
    text = [re.sub(r"<[^>]+>", "|", re.sub(r"</?span[^>]*>", "", row)) for row in rows]  # cells, not spans
    assert (
        "利用者の作成" in text[0]
        and "役割: （なし） → 審査担当" in text[0]
        and "ログインID: （なし） → tanaka" in text[0]
    )
    assert "役割: 審査担当 → 決裁者" in text[1] and "表示名: 田中 → 田中 一郎" in text[1] and "昇格" in text[1]
    assert "利用者の無効化" in text[2] and "有効: はい → いいえ" in text[2] and "退職" in text[2]
    assert "boss" in text[1]  # who decided
    assert TEST_PASSWORD not in page.text


def test_the_last_active_administrator_stays(client: TestClient, admin: dict[str, str], make_user: MakeUser) -> None:
    me = client.get("/api/v1/me", headers=admin).json()
    problem(client.post(f"/api/v1/users/{me['id']}/deactivate", headers=admin), 409, "LAST_ADMIN")
    problem(client.patch(f"/api/v1/users/{me['id']}", headers=admin, json={"role": "operations"}), 409, "LAST_ADMIN")
    second = make_user(Role.ADMIN, login="deputy")
    assert client.patch(f"/api/v1/users/{me['id']}", headers=admin, json={"role": "operations"}).status_code == 200
    deputy = bearer(client, "deputy")
    problem(client.post(f"/api/v1/users/{second.id}/deactivate", headers=deputy), 409, "LAST_ADMIN")


def test_a_password_reset_gives_a_temporary_password_that_must_be_changed(
    client: TestClient, admin: dict[str, str], make_user: MakeUser
) -> None:
    forgetful = make_user(Role.OPERATIONS, login="forgetful")
    old_token = bearer(client, "forgetful")
    reset = client.post(f"/api/v1/users/{forgetful.id}/password-reset", headers=admin)
    assert reset.status_code == 200, reset.text
    temporary = reset.json()["temporary_password"]
    assert len(temporary) >= 12 and reset.json()["user"]["must_change_password"] is True
    problem(client.get("/api/v1/me", headers=old_token), 401, "INVALID_TOKEN")
    problem(login(client, "forgetful"), 401, "INVALID_CREDENTIALS")

    headers = bearer(client, "forgetful", temporary)
    problem(client.get("/api/v1/customers", headers=headers), 403, "PASSWORD_CHANGE_REQUIRED")
    assert client.get("/api/v1/me", headers=headers).json()["must_change_password"] is True
    change = {"current_password": temporary, "new_password": NEW_PASSWORD}
    assert client.post("/api/v1/me/password", headers=headers, json=change).status_code == 204
    assert client.get("/api/v1/customers", headers=headers).status_code == 200

    me = client.get("/api/v1/me", headers=admin).json()
    problem(client.post(f"/api/v1/users/{me['id']}/password-reset", headers=admin), 409, "SELF_PASSWORD_RESET")


def test_a_temporary_password_leads_the_browser_to_the_password_page(
    app: FastAPI, client: TestClient, admin: dict[str, str], make_user: MakeUser
) -> None:
    forgetful = make_user(Role.OPERATIONS, login="forgetful")
    temporary = client.post(f"/api/v1/users/{forgetful.id}/password-reset", headers=admin).json()["temporary_password"]
    with TestClient(app, base_url="https://testserver") as browser:
        response = browser.post(
            "/login",
            data={"login": "forgetful", "password": temporary, "csrf": csrf_of(browser)},
            follow_redirects=False,
        )
        assert response.headers["location"] == "/staff/password"
        assert "仮パスワードでログインしています" in browser.get("/staff/password").text
        elsewhere = browser.get("/staff", follow_redirects=False)
        assert elsewhere.status_code == 303 and elsewhere.headers["location"] == "/staff/password"
        page = browser.get("/staff/password")
        assert "仮パスワードでログインしています。先にパスワードを変更してください。" in page.text


@pytest.mark.parametrize(
    ("current", "new", "code"),
    [
        (WRONG, NEW_PASSWORD, "CURRENT_PASSWORD_WRONG"),
        (TEST_PASSWORD, "short one", "PASSWORD_TOO_SHORT"),
        (TEST_PASSWORD, "abababababababab", "PASSWORD_TOO_SIMPLE"),
        (TEST_PASSWORD, "my login is Kimura-San!", "PASSWORD_CONTAINS_LOGIN"),
        (TEST_PASSWORD, TEST_PASSWORD, "PASSWORD_UNCHANGED"),
    ],
)
def test_the_password_policy(client: TestClient, make_user: MakeUser, current: str, new: str, code: str) -> None:
    make_user(Role.CLAIMS, login="kimura-san")
    headers = bearer(client, "kimura-san")
    change = {"current_password": current, "new_password": new}
    problem(client.post("/api/v1/me/password", headers=headers, json=change), 422, code)


def test_wrong_current_passwords_count_towards_the_lock(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.CLAIMS, login="kimura")
    headers = bearer(client, "kimura")
    for _ in range(10):
        change = {"current_password": WRONG, "new_password": NEW_PASSWORD}
        problem(client.post("/api/v1/me/password", headers=headers, json=change), 422, "CURRENT_PASSWORD_WRONG")
    problem(login(client, "kimura"), 429, "LOGIN_LOCKED")


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN and r is not Role.CUSTOMER])
def test_only_an_administrator_manages_users(client: TestClient, make_user: MakeUser, role: Role) -> None:
    target = make_user(Role.OPERATIONS, login="target")
    user = make_user(role)
    headers = bearer(client, user.login)
    problem(client.get(f"/api/v1/users/{target.id}", headers=headers), 403, "FORBIDDEN")
    problem(client.patch(f"/api/v1/users/{target.id}", headers=headers, json={"role": "admin"}), 403, "FORBIDDEN")
    for action in ("deactivate", "reactivate", "unlock", "password-reset"):
        problem(client.post(f"/api/v1/users/{target.id}/{action}", headers=headers), 403, "FORBIDDEN")
    web_login(client, user.login)
    assert client.get("/staff/users").status_code == 403
    assert client.get(f"/staff/users/{target.id}").status_code == 403


def test_an_unknown_user_is_404(client: TestClient, admin: dict[str, str]) -> None:
    problem(client.get("/api/v1/users/999", headers=admin), 404, "NOT_FOUND")
    problem(client.post("/api/v1/users/999/unlock", headers=admin), 404, "NOT_FOUND")


# --- pages ------------------------------------------------------------------------------------------


def test_an_administrator_creates_a_user_on_the_page(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.ADMIN, login="boss")
    web_login(client, "boss")
    csrf = csrf_of(client, "/staff/users")
    refused = client.post(
        "/staff/users",
        data={"login": "x", "display_name": "新人 花子", "role": "operations", "customer_id": "", "csrf": csrf},
    )
    assert refused.status_code == 422
    assert re.search(r'id="login"[^>]*value="x"|value="x"[^>]*id="login"', refused.text)
    assert 'value="新人 花子"' in refused.text
    assert re.search(r'<p class="field-error" id="login-error">ログインIDは英数字で始まる', refused.text)

    created = client.post(
        "/staff/users",
        data={"login": "hanako", "display_name": "新人 花子", "role": "operations", "customer_id": "", "csrf": csrf},
    )
    assert created.status_code == 200 and "仮パスワード（この画面でのみ表示します）" in created.text
    temporary = re.search(r'<code id="temporary-password">([^<]+)</code>', created.text)
    assert temporary is not None
    assert "仮パスワード（この画面でのみ表示します）" not in client.get(str(created.url)).text  # once
    assert login(client, "hanako", temporary.group(1)).json()["user"]["must_change_password"] is True


def test_deactivating_on_the_page_needs_the_confirmation(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.ADMIN, login="boss")
    leaver = make_user(Role.OPERATIONS, login="leaver")
    web_login(client, "boss")
    path = f"/staff/users/{leaver.id}"
    unconfirmed = client.post(f"{path}/deactivate", data={"reason": "退職", "csrf": csrf_of(client, path)})
    assert unconfirmed.status_code == 422
    assert "確認のチェックを入れてから、もう一度お試しください。" in unconfirmed.text
    assert 'value="退職"' in unconfirmed.text
    confirmed = client.post(
        f"{path}/deactivate", data={"reason": "退職", "confirm": "yes", "csrf": csrf_of(client, path)}
    )
    assert confirmed.status_code == 200 and "利用者を無効にしました。" in confirmed.text
    assert "有効: はい → いいえ" in confirmed.text


def test_the_password_page_shows_refusals_beside_the_fields(client: TestClient, make_user: MakeUser) -> None:
    from tests.integration.scenario import add_customer

    customer_id = add_customer(client.app.state.database)  # type: ignore[attr-defined]
    make_user(Role.CUSTOMER, login="yamada", customer_id=customer_id)
    web_login(client, "yamada")
    assert "パスワード変更" in client.get("/portal").text
    csrf = csrf_of(client, "/portal/password")
    mismatch = client.post(
        "/portal/password",
        data={"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": "x", "csrf": csrf},
    )
    assert mismatch.status_code == 422
    assert '<p class="field-error" id="new_password_again-error">確認用のパスワードが' in mismatch.text
    wrong = client.post(
        "/portal/password",
        data={
            "current_password": WRONG,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
            "csrf": csrf,
        },
    )
    assert '<p class="field-error" id="current_password-error">現在のパスワードが正しくありません。' in wrong.text
    assert WRONG not in wrong.text and NEW_PASSWORD not in wrong.text


# --- the command line ---------------------------------------------------------------------------


def test_the_command_line_manages_users(client: TestClient, database: Database, make_user: MakeUser) -> None:
    make_user(Role.ADMIN, login="boss")
    make_user(Role.UNDERWRITER, login="sato")
    for _ in range(10):
        login(client, "sato", WRONG)
    runner = CliRunner()
    env = {"HOZEN_DATABASE_URL": database.url}

    listed = runner.invoke(cli_app, ["user", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    [sato_line] = [line for line in listed.output.splitlines() if "\tsato\t" in line]
    assert "underwriter（審査担当）" in sato_line

    unlocked = runner.invoke(cli_app, ["user", "unlock", "sato", "--reason", "電話で本人確認"], env=env)
    assert unlocked.exit_code == 0, unlocked.output
    assert login(client, "sato").status_code == 201

    assert runner.invoke(cli_app, ["user", "set-role", "sato", "approver"], env=env).exit_code == 0
    assert client.get("/api/v1/me", headers=bearer(client, "sato")).json()["role"] == "approver"

    reset = runner.invoke(cli_app, ["user", "reset-password", "sato"], env=env)
    assert reset.exit_code == 0
    temporary = reset.output.strip().splitlines()[-1].split(": ")[-1]
    assert login(client, "sato", temporary).status_code == 201

    last = runner.invoke(cli_app, ["user", "deactivate", "boss"], env=env)
    assert last.exit_code == 2 and "LAST_ADMIN" in last.output and len(last.output.strip().splitlines()) == 1
    unknown = runner.invoke(cli_app, ["user", "unlock", "nobody"], env=env)
    assert unknown.exit_code == 2 and "NOT_FOUND" in unknown.output
    assert runner.invoke(cli_app, ["user", "deactivate", "sato"], env=env).exit_code == 0
    problem(login(client, "sato", temporary), 401, "INVALID_CREDENTIALS")
