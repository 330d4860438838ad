"""Settings (``HOZEN_`` environment variables), created by a factory and passed in."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from hozen.domain import zengin
from hozen.domain.codes import BankField, InvoicingCode, OperationsCode, TransferCode
from hozen.domain.errors import DomainError
from hozen.domain.identifiers import parse_registration_number

DEFAULT_DATA_DIR = Path("var")
MIN_SECRET_KEY_LENGTH = 32
DEMO_REGISTRATION_NUMBER = "T9900000000000"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOZEN_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DATA_DIR / 'hozen.sqlite3'}",
        description="SQLAlchemy URL; postgresql+psycopg://… for production",
    )
    secret_key: str = Field(default="", description="signs web sessions; required outside demo mode")
    policy: str = Field(default="default", description="the company's policy: a preset name or a TOML file")
    demo: bool = False
    issuer_name: str = Field(default="保全ファクタリング株式会社", description="the company named on documents")
    issuer_address: str = Field(default="東京都千代田区丸の内一丁目1番1号")
    issuer_registration_number: str = Field(
        default="",
        description="適格請求書発行事業者登録番号: T + the 13-digit corporate number; required outside demo mode",
    )
    issuer_bank_account: str = Field(default="みずなみ銀行 本店営業部 普通預金 1234567 ホゼンファクタリング（カ")
    zengin_originator_code: str = Field(default="1234567890", description="委託者コード: 10 digits given by the bank")
    zengin_originator_name: str = Field(default="ホゼンファクタリング（カ", description="委託者名 in kana (40)")
    zengin_bank_code: str = Field(default="0999", description="仕向銀行番号: the paying bank (4 digits)")
    zengin_bank_name: str = Field(default="ミズナミ", description="仕向銀行名 in kana (15)")
    zengin_branch_code: str = Field(default="001", description="仕向支店番号 (3 digits)")
    zengin_branch_name: str = Field(default="ホンテン", description="仕向支店名 in kana (15)")
    zengin_account_type: str = Field(default="1", description="預金種目 of the paying account: 1, 2 or 4")
    zengin_account_number: str = Field(default="1234567", description="口座番号 of the paying account (7 digits)")
    host: str = "127.0.0.1"
    port: int = 8000
    threads: int = Field(
        default=16,
        ge=1,
        le=256,
        description="request threads per server process; each uses one database connection at a time",
    )
    database_pool_timeout: float = Field(
        default=5.0,
        gt=0,
        le=30,
        description="seconds a request waits for a free database connection before it is answered 503",
    )
    session_max_age: int = Field(
        default=8 * 3600, ge=60, le=30 * 86400, description="seconds a web login lasts at most, however active"
    )
    session_idle_minutes: int = Field(
        default=60, ge=1, le=24 * 60, description="a web login ends after this many minutes without a request"
    )
    cookie_secure: bool | None = Field(
        default=None, description="send the session cookie over HTTPS only; unset: yes, except in demo mode"
    )
    login_max_failures: int = Field(
        default=10, ge=1, le=1000, description="failed logins in a row that lock a login id"
    )
    login_lock_minutes: int = Field(default=15, ge=1, le=24 * 60, description="how long a locked login id stays locked")
    address_max_failures: int = Field(
        default=30, ge=1, le=100_000, description="failed logins from one client address that block it"
    )
    address_window_minutes: int = Field(
        default=15, ge=1, le=24 * 60, description="the window those failures are counted in, and the block's length"
    )
    smtp_host: str = Field(default="localhost", description="the SMTP server notifications are e-mailed through")
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_sender: str = Field(default="hozen@localhost", description="the From address of notification e-mails")
    smtp_username: str = Field(default="", description="SMTP login; empty sends without authentication")
    smtp_password: str = ""
    smtp_starttls: bool = Field(default=False, description="upgrade the SMTP connection with STARTTLS")
    outbox_worker: bool = Field(default=True, description="`hozen serve` delivers the outbox in a background thread")
    outbox_poll_seconds: float = Field(default=5.0, gt=0, le=3600, description="pause between delivery passes")
    outbox_lease_seconds: int = Field(
        default=120, ge=1, le=86400, description="a claimed delivery is sent again by another worker after this"
    )
    outbox_timeout_seconds: float = Field(default=10.0, gt=0, le=300, description="SMTP and webhook timeout")
    outbox_max_attempts: int = Field(default=12, ge=1, le=100, description="attempts before a delivery fails")
    outbox_backoff_seconds: int = Field(default=30, ge=1, le=86400, description="wait after the first failure")
    outbox_backoff_cap_seconds: int = Field(default=6 * 3600, ge=1, le=7 * 86400, description="longest wait")

    def web_secret_key(self) -> str:
        """The key that signs web session cookies.

        Outside demo mode it must be set (``HOZEN_SECRET_KEY``, at least 32 characters): a server
        refuses to start without it. In demo mode a missing key is replaced by a random one, so
        logins last until the server restarts.
        """
        if self.secret_key and (self.demo or len(self.secret_key) >= MIN_SECRET_KEY_LENGTH):
            return self.secret_key
        if self.demo:
            return secrets.token_urlsafe(32)
        raise DomainError(OperationsCode.SECRET_KEY_REQUIRED, {"minimum": MIN_SECRET_KEY_LENGTH})

    def secure_cookies(self) -> bool:
        """Whether the session cookie is ``Secure`` (sent over HTTPS only): ``HOZEN_COOKIE_SECURE`` if
        set, else yes — except in demo mode, which serves plain http://127.0.0.1."""
        return self.cookie_secure if self.cookie_secure is not None else not self.demo

    def registration_number(self) -> str:
        """The registration number every qualified invoice carries, verified (check digit included).

        Outside demo mode it must be set: the app factory asks for it, so a server with a missing or
        malformed number does not start. Demo mode falls back to a well-formed demonstration number.
        """
        if self.issuer_registration_number:
            return parse_registration_number(self.issuer_registration_number)
        if self.demo:
            return DEMO_REGISTRATION_NUMBER
        raise DomainError(InvoicingCode.REGISTRATION_NUMBER_REQUIRED)

    def zengin_originator(self) -> zengin.Originator:
        """The company as the 全銀 transfer files name it (委託者), checked and converted to the 全銀 set.

        The app factory asks for it, so a server with a malformed setting does not start; each setting
        has a demonstration default (docs/operations.md lists them).
        """
        setting = "ORIGINATOR_CODE"
        try:
            code = zengin.digits(self.zengin_originator_code, BankField.ORIGINATOR_CODE, 10)
            setting = "ORIGINATOR_NAME"
            name = zengin.to_zengin(
                self.zengin_originator_name, BankField.ORIGINATOR_NAME, zengin.ORIGINATOR_NAME_WIDTH
            )
            setting = "BANK_ACCOUNT"
            account = zengin.bank_account(
                bank_code=self.zengin_bank_code,
                bank_name=self.zengin_bank_name,
                branch_code=self.zengin_branch_code,
                branch_name=self.zengin_branch_name,
                account_type=self.zengin_account_type,
                account_number=self.zengin_account_number,
                holder_name=name[: zengin.HOLDER_NAME_WIDTH],
            )
        except DomainError as error:
            if setting == "BANK_ACCOUNT":
                setting = str(error.context.get("field", "account")).upper()
            context = {"setting": setting, "problem_ja": error.message_ja, "problem_en": error.message_en}
            raise DomainError(TransferCode.ZENGIN_SETTINGS_INVALID, context) from None
        return zengin.Originator(code=code, name=name, account=account)


def get_settings() -> Settings:
    return Settings()
