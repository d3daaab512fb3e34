"""Settings from the environment and the team's YAML configuration (`vahti.yml`).

`Settings` is the only code that reads the environment; `VahtiConfig` is the team's own file:
channels, schedules, time zone, brands, sources, thresholds and locale.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.domain.crisis.rules import QuietHours
from bot.domain.sentiment.cutoffs import NEGATIVE_CUT, POSITIVE_CUT
from bot.i18n import N_, Problem

DEFAULT_API_URL = "https://slack.com/api/"


class Settings(BaseSettings):
    """Process settings from the environment (names as in INTERFACES.md)."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_api_url: str = DEFAULT_API_URL
    database_url: str = "sqlite:///vahti.db"
    vahti_config: Path | None = None
    vahti_ingest_token: SecretStr | None = None

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    def config_path(self) -> Path | None:
        """The YAML file to read: `VAHTI_CONFIG`, else `vahti.yml` when present."""
        if self.vahti_config is not None:
            return self.vahti_config
        default = Path("vahti.yml")
        return default if default.exists() else None


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Channels(_Section):
    """Where each kind of message goes (channel ids such as C0123, or names such as #social)."""

    checklists: str = "#social"
    daily: str | None = None
    weekly: str | None = None
    monthly: str | None = None
    yearly: str | None = None
    alerts: str | None = None
    feed: str | None = None

    def for_cadence(self, cadence: str) -> str:
        """The channel a cadence's checklist is posted in."""
        value = getattr(self, cadence, None)
        return value if isinstance(value, str) and value else self.checklists


class Schedule(_Section):
    """When checklists are posted and nudged, in the team's time zone."""

    post_at: time = time(9, 0)
    end_of_day: time = time(17, 0)
    working_days: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    fiscal_year_end_month: int = Field(default=12, ge=1, le=12)
    nudge: bool = True

    @field_validator("working_days")
    @classmethod
    def _valid_days(cls, value: list[int]) -> list[int]:
        if not value or any(d < 0 or d > 6 for d in value):
            raise ValueError("working_days are 0 (Monday) to 6 (Sunday), at least one")
        return sorted(set(value))


class Brand(_Section):
    """A tracked brand or competitor and the words that mark a mention as being about it."""

    name: str
    keywords: list[str] = Field(default_factory=list)
    hashtags: list[str] = Field(default_factory=list)
    handles: list[str] = Field(default_factory=list)


class Campaign(_Section):
    """A campaign: mentions with one of its hashtags or keywords between `start` and `end`.

    Dates are local to the team; without `start` its life begins with its first mention, without
    `end` it is still running.
    """

    name: str = Field(min_length=1, max_length=80)
    hashtags: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    start: date | None = None
    end: date | None = None

    @field_validator("hashtags")
    @classmethod
    def _bare_tags(cls, value: list[str]) -> list[str]:
        return [tag.strip().lstrip("#").lower() for tag in value if tag.strip().lstrip("#")]

    @model_validator(mode="after")
    def _has_terms_and_order(self) -> Campaign:
        if not self.hashtags and not self.keywords:
            raise ValueError(f"campaign {self.name!r} needs at least one hashtag or keyword")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"campaign {self.name!r} ends before it starts")
        return self


class Feed(_Section):
    """An RSS or Atom feed polled for mentions."""

    url: str
    name: str | None = None
    brand: str | None = None


class Sources(_Section):
    """Where mentions come from besides file imports and the webhook."""

    feeds: list[Feed] = Field(default_factory=list)
    feed_poll_minutes: int = Field(default=15, ge=1)
    webhook_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    max_text_chars: int = Field(default=10_000, ge=280)
    ingest_workers: int = Field(default=1, ge=1, le=64)


class SentimentConfig(_Section):
    """Label cut-offs on the polarity scale (-1..1); the scorer's defaults say why."""

    positive: float = POSITIVE_CUT
    negative: float = NEGATIVE_CUT


class CrisisConfig(_Section):
    """How eager the crisis watch is and whom it tells."""

    preset: Literal["sensitive", "balanced", "strict"] = "balanced"
    bucket_minutes: int = Field(default=5, ge=1, le=60)
    min_mentions: int = Field(default=10, ge=0)
    cooldown_minutes: int = Field(default=60, ge=0)
    terms: list[str] = Field(
        default_factory=lambda: ["boycott", "lawsuit", "recall", "data breach"]
    )
    term_min_reach: int = Field(default=1000, ge=0)
    watched_accounts: list[str] = Field(default_factory=list)
    ack_reminder_minutes: int = Field(default=30, ge=1)
    reminder_group: str | None = None
    comms_lead: str | None = None
    quiet_hours: str | None = None
    # Alerts of a brand go to its own channel if listed here, else to channels.alerts.
    brand_channels: dict[str, str] = Field(default_factory=dict)
    # Quiet hours of particular channels ("22:00-07:00"); others use `quiet_hours`.
    channel_quiet_hours: dict[str, str] = Field(default_factory=dict)
    # Judge a bucket only this long after it ends, for sources that deliver mentions late.
    settle_minutes: int = Field(default=0, ge=0, le=60)

    @field_validator("bucket_minutes")
    @classmethod
    def _divides_hour(cls, value: int) -> int:
        if 60 % value:
            raise ValueError("bucket_minutes must divide an hour (1, 2, 3, 5, 10, 15, 20, 30, 60)")
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_form(cls, value: str | None) -> str | None:
        if value is not None:
            QuietHours.parse(value)
        return value

    @field_validator("channel_quiet_hours")
    @classmethod
    def _channel_quiet_form(cls, value: dict[str, str]) -> dict[str, str]:
        for spec in value.values():
            QuietHours.parse(spec)
        return value


class VahtiConfig(_Section):
    """The team's configuration file."""

    workspace: str | None = None
    timezone: str = "UTC"
    locale: Literal["en", "fi"] = "en"
    channels: Channels = Field(default_factory=Channels)
    schedule: Schedule = Field(default_factory=Schedule)
    templates_dir: Path | None = None
    brand: Brand | None = None
    competitors: list[Brand] = Field(default_factory=list)
    campaigns: list[Campaign] = Field(default_factory=list)
    sources: Sources = Field(default_factory=Sources)
    sentiment: SentimentConfig = Field(default_factory=SentimentConfig)
    crisis: CrisisConfig = Field(default_factory=CrisisConfig)
    kpi_targets: dict[str, float] = Field(default_factory=dict)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r} (use a name such as Europe/Helsinki)"
            ) from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The team's time zone."""
        return ZoneInfo(self.timezone)

    def brands(self) -> list[Brand]:
        """The brand first, then its competitors."""
        return ([self.brand] if self.brand else []) + list(self.competitors)


class ConfigError(Problem):
    """The configuration file cannot be used; the message says why, for a person."""


def load_config(path: Path | None) -> VahtiConfig:
    """Read and validate the YAML file; no file means the defaults."""
    if path is None:
        return VahtiConfig()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(
            N_("cannot read {path}: {reason}"), path=str(path), reason=exc.strerror
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(
            N_("{path} is not valid YAML: {error}"), path=str(path), error=str(exc)
        ) from exc
    if not isinstance(raw, dict):
        raise ConfigError(N_("{path} must hold a mapping of settings"), path=str(path))
    try:
        return VahtiConfig.model_validate(raw)
    except ValueError as exc:
        raise ConfigError("{path}: {error}", path=str(path), error=str(exc)) from exc
