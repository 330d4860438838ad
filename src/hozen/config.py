"""Settings (``HOZEN_`` environment variables), created by a factory and passed in."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from hozen.domain.codes import InvoicingCode, OperationsCode
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
    session_max_age: int = Field(default=8 * 3600, description="seconds a web login lasts")
    cookie_secure: bool = Field(default=False, description="send the session cookie over HTTPS only")

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


def get_settings() -> Settings:
    return Settings()
