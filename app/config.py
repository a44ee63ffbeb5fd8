"""Settings read from the environment (CLAIMBASE_*), with the defaults a researcher's laptop needs."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Request bodies may be this many times the article limit: an HTML page carries markup, JSON escapes text.
BODY_PER_ARTICLE_BYTE = 8
# How long a write waits for the database (SQLite) or a row (PostgreSQL) another transaction holds.
DEFAULT_LOCK_WAIT_SECONDS = 30.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLAIMBASE_", extra="ignore")

    database_url: str = "sqlite:///./claimbase.db"
    # When true, reads need a token too.
    private: bool = False
    # Writes need a token unless this is set (`claimbase serve --open`); even then only requests from
    # this machine (a loopback address) may write without one.
    open_writes: bool = False
    # Host names (besides localhost, 127.0.0.1 and ::1) this server answers for; comma-separated in
    # CLAIMBASE_ALLOWED_HOSTS. `serve` adds the host it is bound to; "*" answers every host.
    allowed_hosts: Annotated[list[str], NoDecode] = []
    # The demo database of `claimbase demo`: the pages say that it holds the fictional sample only.
    demo: bool = False
    page_limit_default: int = 50
    page_limit_max: int = 500
    # Signs pagination cursors so a tampered cursor is refused rather than misread.
    cursor_secret: str = "claimbase-cursor"
    # The longest article text accepted (UTF-8 bytes); longer ones get 413. Extraction time grows with it.
    max_article_bytes: int = Field(2 * 1024 * 1024, gt=0)
    # How long a request waits for a lock another writer holds before it is answered 503 with Retry-After.
    lock_wait_seconds: float = Field(DEFAULT_LOCK_WAIT_SECONDS, gt=0, le=3600)
    # Memory each server process may keep repeated answers (API and pages) in until the data changes (0: none).
    response_cache_mb: float = Field(64, ge=0, le=65536)

    @property
    def max_body_bytes(self) -> int:
        """The largest request body read at all (a bigger one is refused before it is read)."""
        return BODY_PER_ARTICLE_BYTE * self.max_article_bytes

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [h.strip() for h in value.split(",") if h.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()


def normalize_database_url(url: str) -> str:
    """Accept the URL forms researchers copy from elsewhere and name the driver we ship."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
