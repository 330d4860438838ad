"""Settings (``HOZEN_`` environment variables), created by a factory and passed in."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOZEN_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DATA_DIR / 'hozen.sqlite3'}",
        description="SQLAlchemy URL; postgresql+psycopg://… for production",
    )
    secret_key: str = Field(default="", description="signs web sessions; required outside demo mode")
    policy: str = Field(default="default", description="the company's policy: a preset name or a TOML file")
    demo: bool = False
    host: str = "127.0.0.1"
    port: int = 8000


def get_settings() -> Settings:
    return Settings()
