"""Logging in, tokens, roles and the web session — over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select, update
from typer.testing import CliRunner

from hozen.app import create_app
from hozen.cli import app as cli_app
from hozen.config import Settings
from hozen.domain.errors import DomainError
from hozen.domain.roles import Role
from hozen.store.db import Database
from hozen.store.models import ApiToken, Customer, User
from tests.support import TEST_PASSWORD, TEST_REGISTRATION_NUMBER, TEST_SECRET_KEY, MakeUser, bearer, csrf_of, web_login

PROBLEM = "application/problem+json"


def problem(response: Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, object] = response.json()
    assert body["code"] == code
    assert body["message_ja"] and body["message_en"]
    return body


def add_customer(database: Database, name: str, number: str) -> int:
    with database.unit_of_work() as uow:
        customer = Customer(name=name, corporate_number=number, capital=10_000_000, employees=20)
        uow.session.add(customer)
        uow.session.flush()
        customer_id = customer.id
        uow.commit()
    return customer_id


# --- tokens ------------------------------------------------------------------------------------


def test_a_token_from_login_id_and_password_opens_the_api(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.UNDERWRITER, login="sato")
    response = client.post("/api/v1/auth/tokens", json={"login": "sato", "password": TEST_PASSWORD})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["token"].startswith("hz_") and len(body["token"]) > 40
    assert body["user"]["login"] == "sato"

    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.json()["login"] == "sato"
    assert me.json()["role"] == "underwriter"
    assert me.json()["customer_id"] is None
    assert "review" in me.json()["permissions"]
    assert "manage_users" not in me.json()["permissions"]


def test_only_a_digest_of_the_token_is_stored(client: TestClient, make_user: MakeUser, database: Database) -> None:
    make_user(Role.OPERATIONS, login="ito")
    token = bearer(client, "ito")["Authorization"].removeprefix("Bearer ")
    with database.unit_of_work(write=False) as uow:
        stored = list(uow.session.scalars(select(ApiToken.token_hash)))
    assert len(stored) == 1
    assert token not in stored[0] and token[3:20] not in stored[0]


@pytest.mark.parametrize(
    ("login", "password"),
    [("sato", "wrong password, long"), ("nobody", TEST_PASSWORD), ("sato", "")],
)
def test_a_wrong_login_is_401_and_does_not_say_which_part_was_wrong(
    client: TestClient, make_user: MakeUser, login: str, password: str
) -> None:
    make_user(Role.UNDERWRITER, login="sato")
    response = client.post("/api/v1/auth/tokens", json={"login": login, "password": password})
    if password == "":
        problem(response, 422, "INVALID_INPUT")
        return
    body = problem(response, 401, "INVALID_CREDENTIALS")
    assert body["message_en"] == "The login id or the password is wrong."
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_no_credentials_is_401_authentication_required(client: TestClient) -> None:
    problem(client.get("/api/v1/me"), 401, "AUTHENTICATION_REQUIRED")
    problem(client.get("/api/v1/users"), 401, "AUTHENTICATION_REQUIRED")


@pytest.mark.parametrize("header", ["Bearer hz_not-a-real-token", "Bearer ", "Basic c2F0bzpwdw==", "hz_token"])
def test_an_unusable_authorization_header_is_401_invalid_token(client: TestClient, header: str) -> None:
    problem(client.get("/api/v1/me", headers={"Authorization": header}), 401, "INVALID_TOKEN")


def test_a_revoked_token_is_refused_and_other_tokens_keep_working(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.CLAIMS, login="kato")
    first, second = bearer(client, "kato"), bearer(client, "kato")

    revoked = client.delete("/api/v1/auth/tokens/current", headers=first)
    assert revoked.status_code == 204

    problem(client.get("/api/v1/me", headers=first), 401, "INVALID_TOKEN")
    problem(client.delete("/api/v1/auth/tokens/current", headers=first), 401, "INVALID_TOKEN")
    assert client.get("/api/v1/me", headers=second).json()["login"] == "kato"


def test_revoking_needs_a_token(client: TestClient) -> None:
    problem(client.delete("/api/v1/auth/tokens/current"), 401, "AUTHENTICATION_REQUIRED")


def test_a_deactivated_user_is_locked_out_at_once(client: TestClient, make_user: MakeUser, database: Database) -> None:
    make_user(Role.OPERATIONS, login="leaver")
    headers = bearer(client, "leaver")
    with database.unit_of_work() as uow:
        uow.session.execute(update(User).where(User.login == "leaver").values(active=False))
        uow.commit()
    problem(client.get("/api/v1/me", headers=headers), 401, "INVALID_TOKEN")
    problem(
        client.post("/api/v1/auth/tokens", json={"login": "leaver", "password": TEST_PASSWORD}),
        401,
        "INVALID_CREDENTIALS",
    )


# --- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_only_an_admin_manages_users(client: TestClient, make_user: MakeUser, database: Database, role: Role) -> None:
    customer_id = add_customer(database, "山田工業株式会社", "1180301018771") if role is Role.CUSTOMER else None
    user = make_user(role, customer_id=customer_id)
    headers = bearer(client, user.login)
    problem(client.get("/api/v1/users", headers=headers), 403, "FORBIDDEN")
    new_user = {"login": "x-user", "display_name": "x", "password": TEST_PASSWORD, "role": "admin"}
    problem(client.post("/api/v1/users", headers=headers, json=new_user), 403, "FORBIDDEN")


def test_an_admin_creates_staff_and_customer_users(client: TestClient, make_user: MakeUser, database: Database) -> None:
    make_user(Role.ADMIN, login="admin")
    headers = bearer(client, "admin")
    customer_id = add_customer(database, "山田工業株式会社", "1180301018771")

    staff = client.post(
        "/api/v1/users",
        headers=headers,
        json={"login": "tanaka", "display_name": "田中 審査", "password": TEST_PASSWORD, "role": "approver"},
    )
    assert staff.status_code == 201, staff.text
    assert staff.json()["role"] == "approver"
    customer = client.post(
        "/api/v1/users",
        headers=headers,
        json={
            "login": "yamada",
            "display_name": "山田 太郎",
            "password": TEST_PASSWORD,
            "role": "customer",
            "customer_id": customer_id,
        },
    )
    assert customer.status_code == 201, customer.text

    listed = client.get("/api/v1/users", headers=headers).json()
    assert [(u["login"], u["role"], u["customer_id"]) for u in listed] == [
        ("admin", "admin", None),
        ("tanaka", "approver", None),
        ("yamada", "customer", customer_id),
    ]
    me = client.get("/api/v1/me", headers=bearer(client, "yamada")).json()
    assert me["customer_id"] == customer_id
    assert me["display_name"] == "山田 太郎"


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"role": "customer"}, 422, "CUSTOMER_REQUIRED"),
        ({"role": "customer", "customer_id": 999}, 422, "CUSTOMER_NOT_FOUND"),
        ({"role": "operations", "customer_id": 1}, 422, "CUSTOMER_NOT_ALLOWED"),
        ({"password": "short"}, 422, "PASSWORD_TOO_SHORT"),
        ({"login": "has space"}, 422, "INVALID_LOGIN"),
        ({"login": "admin"}, 409, "LOGIN_TAKEN"),
        ({"role": "superuser"}, 422, "INVALID_INPUT"),
    ],
)
def test_bad_new_users_are_refused_with_a_code(
    client: TestClient, make_user: MakeUser, database: Database, change: dict[str, object], status: int, code: str
) -> None:
    make_user(Role.ADMIN, login="admin")
    add_customer(database, "山田工業株式会社", "1180301018771")
    body = {"login": "new-user", "display_name": "新人", "password": TEST_PASSWORD, "role": "operations", **change}
    problem(client.post("/api/v1/users", headers=bearer(client, "admin"), json=body), status, code)


# --- the web session ----------------------------------------------------------------------------


def test_the_web_login_sets_a_signed_session_cookie(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.OPERATIONS, login="web-user")
    page = client.get("/login")
    assert page.status_code == 200 and "ログインID" in page.text

    forged = client.post("/login", data={"login": "web-user", "password": TEST_PASSWORD})
    assert forged.status_code == 403  # no CSRF token: refused
    wrong = client.post("/login", data={"login": "web-user", "password": "not the password", "csrf": csrf_of(client)})
    assert wrong.status_code == 401
    assert "ログインIDまたはパスワードが正しくありません" in wrong.text

    response = client.post(
        "/login",
        data={"login": "web-user", "password": TEST_PASSWORD, "next": "/login", "csrf": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("hozen_session=") and "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()

    assert client.get("/api/v1/me").json()["login"] == "web-user"
    assert "web-user" in client.get("/login").text

    client.post("/logout", data={"csrf": csrf_of(client)})
    problem(client.get("/api/v1/me"), 401, "AUTHENTICATION_REQUIRED")


def test_a_tampered_session_cookie_is_ignored(client: TestClient, make_user: MakeUser) -> None:
    make_user(Role.OPERATIONS, login="web-user")
    web_login(client, "web-user")
    value = client.cookies["hozen_session"]
    client.cookies.set("hozen_session", value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB"))
    problem(client.get("/api/v1/me"), 401, "AUTHENTICATION_REQUIRED")


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(client: TestClient, make_user: MakeUser, target: str) -> None:
    make_user(Role.OPERATIONS, login="web-user")
    response = client.post(
        "/login",
        data={"login": "web-user", "password": TEST_PASSWORD, "next": target, "csrf": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/staff"  # home of a staff user, never off site


def test_the_calculators_need_no_login(client: TestClient) -> None:
    quote = {"product": "note", "amount": 2_000_000, "rate": "4.5", "start": "2026-04-01", "end": "2026-06-29"}
    response = client.post("/api/v1/quotes", json=quote)
    assert response.status_code == 200
    assert response.json()["payable"] == 15_894


# --- starting the server and bootstrapping ------------------------------------------------------


def test_the_server_refuses_to_start_without_a_secret_key_outside_demo_mode(database: Database) -> None:
    registered = {"issuer_registration_number": TEST_REGISTRATION_NUMBER}
    for key in ("", "too-short"):
        with pytest.raises(DomainError) as refused:
            create_app(Settings(database_url=database.url, secret_key=key, demo=False, **registered))
        assert refused.value.code == "SECRET_KEY_REQUIRED"
    demo = create_app(Settings(database_url=database.url, secret_key="", demo=True))
    demo.state.database.dispose()
    real = create_app(Settings(database_url=database.url, secret_key=TEST_SECRET_KEY, demo=False, **registered))
    real.state.database.dispose()


def test_the_server_refuses_to_start_without_a_well_formed_invoice_registration_number(database: Database) -> None:
    cases = {
        "": "REGISTRATION_NUMBER_REQUIRED",
        "8700110005901": "INVALID_REGISTRATION_NUMBER",  # the T is missing
        "T8700110005902": "INVALID_REGISTRATION_NUMBER",  # wrong check digit
        "T870011000590": "INVALID_REGISTRATION_NUMBER",  # 12 digits
    }
    for number, code in cases.items():
        with pytest.raises(DomainError) as refused:
            create_app(
                Settings(
                    database_url=database.url,
                    secret_key=TEST_SECRET_KEY,
                    issuer_registration_number=number,
                    demo=False,
                )
            )
        assert refused.value.code == code
    demo = create_app(Settings(database_url=database.url, secret_key="", issuer_registration_number="", demo=True))
    assert demo.state.settings.registration_number() == "T9900000000000"
    demo.state.database.dispose()


def test_hozen_serve_names_a_malformed_registration_number_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOZEN_ISSUER_REGISTRATION_NUMBER", "T1234")
    result = CliRunner().invoke(cli_app, ["serve"])
    assert result.exit_code == 2
    assert "T1234" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_first_admin_is_created_on_the_command_line(client: TestClient, database: Database) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli_app,
        ["user", "create", "--login", "boss", "--role", "admin", "--display-name", "管理者"],
        env={"HOZEN_DATABASE_URL": database.url, "HOZEN_USER_PASSWORD": TEST_PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert "boss (admin)" in result.output
    me = client.get("/api/v1/me", headers=bearer(client, "boss")).json()
    assert (me["role"], me["display_name"]) == ("admin", "管理者")

    again = runner.invoke(
        cli_app,
        ["user", "create", "--login", "boss", "--role", "admin"],
        env={"HOZEN_DATABASE_URL": database.url, "HOZEN_USER_PASSWORD": TEST_PASSWORD},
    )
    assert again.exit_code == 2 and "LOGIN_TAKEN" in again.output


def test_the_command_line_asks_for_the_password_twice(client: TestClient, database: Database) -> None:
    result = CliRunner().invoke(
        cli_app,
        ["user", "create", "--login", "ops", "--role", "operations"],
        env={"HOZEN_DATABASE_URL": database.url},
        input=f"{TEST_PASSWORD}\n{TEST_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert TEST_PASSWORD not in result.output
    assert client.get("/api/v1/me", headers=bearer(client, "ops")).json()["role"] == "operations"
