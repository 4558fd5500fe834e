"""Settings from `JHT_` environment variables (nested groups with `__`)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Values that ship in the code for development. Production refuses to start with them.
PLACEHOLDER_SECRET = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - refused in production
PLACEHOLDER_PREFIXES = ("dev-only", "change-me", "changeme", "placeholder", "secret")

EMULATOR_MOUNT = "/wechat-emulator"
# What WeChat's subscribe-message template ids look like.
TEMPLATE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class WechatSettings(BaseModel):
    """The mini-program's WeChat credentials. Empty app_id/app_secret means: use the emulator."""

    app_id: str = ""
    app_secret: SecretStr = SecretStr("")
    # Base URL of the WeChat server API, without a trailing slash. Empty: the real one, or the
    # embedded emulator when no credentials are configured.
    api_base: str = ""
    timeout_seconds: float = 5.0
    # Message push (消息推送) token and EncodingAESKey from the mini-program console.
    push_token: SecretStr = SecretStr("jinghutong-dev-push-token")
    push_aes_key: SecretStr = SecretStr("")
    # Calls per second to WeChat, shared by every process (Redis when configured).
    rate_per_second: int = 400
    # Subscribe-message template ids as the mini-program console assigned them, by the name
    # the code uses for each, e.g. JHT_WECHAT__TEMPLATES='{"tmpl_bulletin": "Xb9…"}'. Names
    # not given are sent as they are (the emulator knows them). The same ids go into the
    # mini-program's config.js.
    templates: dict[str, str] = Field(default_factory=dict)
    # Subscribe messages the mini-program may send a day (WeChat's platform limit: 10 M; 30 M
    # with WeChat Pay), spent by every worker from one counter (integrations/wechat/quota.py).
    daily_quota: int = Field(10_000_000, ge=0)
    # Shares of the day's budget that lower priorities may not touch while the higher one has
    # not used them yet: 风险提示 (warnings), then case/petition progress; routine 宣传 none.
    quota_reserve_warning: float = Field(0.3, ge=0, le=1)
    quota_reserve_progress: float = Field(0.02, ge=0, le=1)
    # What the day's budget could not carry goes again the next day: warnings from its first
    # minute, progress notices and 宣传 from this hour (station time) — most recipients are
    # elderly, and a routine message should not buzz a phone at midnight.
    quota_resume_hour: int = Field(8, ge=0, le=23)

    @field_validator("templates")
    @classmethod
    def _template_ids(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [
            k
            for k, v in value.items()
            if not TEMPLATE_ID.fullmatch(k or "") or not TEMPLATE_ID.fullmatch(v or "")
        ]
        if bad:
            raise ValueError(f"template ids must be 1-64 of A-Z a-z 0-9 _ -: {bad}")
        if len(set(value.values())) != len(value):
            raise ValueError("two template names map to the same WeChat template id")
        return value

    @model_validator(mode="after")
    def _reserves(self) -> WechatSettings:
        if self.quota_reserve_warning + self.quota_reserve_progress > 1:
            raise ValueError("quota_reserve_warning + quota_reserve_progress must not exceed 1")
        return self

    @property
    def emulated(self) -> bool:
        return not self.app_id or not self.app_secret.get_secret_value()


class AuthSettings(BaseModel):
    token_ttl_hours: int = 24 * 30
    staff_token_ttl_hours: int = 12
    # Failed logins allowed per account+client address before 429 (limits' notation).
    failed_login_limit: str = "5/15minute"


class MediaSettings(BaseModel):
    """Uploads (photos and voice) and the links that serve them."""

    max_bytes: int = 10 * 1024 * 1024
    max_voice_seconds: int = 600
    # Decompression-bomb guard: pixels a photo may declare before it is decoded.
    max_image_pixels: int = 64_000_000
    # Stored photos are scaled down to fit this side (px); the phone shows less anyway.
    image_max_side: int = 4096
    # Expiring links: for people viewing (GET /media/{id}) and for WeChat's media check.
    link_ttl_seconds: int = 600
    check_link_ttl_seconds: int = 3600
    # S3 storage: redirect viewers to the store's own signed URL (False: serve through us,
    # e.g. when the bucket is not reachable from phones).
    redirect_to_storage: bool = True
    # Uploads one person may make (limits' notation) before 429: a report carries a few
    # photos and a voice clip, so this only stops a runaway client or a flood.
    upload_limit: str = "60/hour"
    orphan_max_age_hours: float = Field(
        24.0,
        gt=0,
        description=(
            "Uploads nothing attached (a case, petition, comment, bulletin …) are deleted, "
            "file and row, once they are this old."
        ),
    )


class DemoSettings(BaseModel):
    seed: int = 20261128
    load_on_empty: bool = True


def _accept_minutes() -> dict[str, int]:
    return {
        "alarm": 5,
        "help": 30,
        "hazard": 60,
        "dispute": 60,
        "clue": 240,
        "sentiment": 1440,
        "consult": 1440,
    }


def _ladder_overrides() -> dict[str, list[str]]:
    # An alarm is police work: past the 联户长 it goes straight to the area officer. A consult
    # the 联户长 (or 村警) cannot answer in time goes to the responsible officer.
    return {
        "alarm": ["group_leader", "area_officer", "chief"],
        "consult": ["group_leader", "area_officer", "chief"],
    }


class CaseSettings(BaseModel):
    """Routing deadlines and the escalation ladder for cases (issue 4)."""

    # Minutes to acknowledge (accept; a consult: answer) before the case moves up a rung.
    accept_minutes: dict[str, int] = Field(default_factory=_accept_minutes)
    ladder: list[str] = Field(
        default_factory=lambda: ["group_leader", "village_police", "area_officer", "chief"]
    )
    ladder_overrides: dict[str, list[str]] = Field(default_factory=_ladder_overrides)
    # Duty-room dispatches: minutes for a 联户长 to acknowledge, and how many nearest 联户长
    # are tried before the case climbs the ladder.
    dispatch_accept_minutes: int = 5
    dispatch_max_leaders: int = 3
    reopen_days: int = 7

    def minutes_for(self, kind: str) -> int:
        return self.accept_minutes.get(kind, 60)

    def ladder_for(self, kind: str) -> list[str]:
        return self.ladder_overrides.get(kind, self.ladder)


class GovernanceSettings(BaseModel):
    """Clocks of the governance records (issue 16)."""

    # A hazard's rectification deadline passed: it moves up one rung (村警 → 防区民警 → 所长),
    # then again after this many hours while it stays overdue.
    hazard_reescalate_hours: int = Field(24, ge=1, le=24 * 30)
    # After a settlement, the 回访 falls due this many days later.
    dispute_follow_up_days: int = Field(7, ge=1, le=90)
    # "Households nobody visited in N days": N when the caller names none.
    unvisited_days: int = Field(30, ge=1, le=365)


class RetentionSettings(BaseModel):
    """What the retention job (jinghutong.retention, docs/operations.md) deletes, and when.
    0 turns an item off. Never deleted, whatever is set: the trails (case, petition and
    governance events, with their hash chains), the audit log, the points ledger, and the
    records themselves — a closed case keeps its text and timeline, a purged photo its row,
    shown as 已过保存期限."""

    media_days: int = Field(
        1095,
        ge=0,
        description=(
            "Photos and voice of cases closed, and of 所长信箱 letters closed or answered, "
            "this many days ago: the file is deleted, the row kept and marked purged."
        ),
    )
    done_jobs_days: int = Field(30, ge=0, description="Finished work-engine rows are deleted.")
    failed_jobs_days: int = Field(
        180, ge=0, description="Failed work-engine rows (kept longer, for diagnosis)."
    )
    notifications_days: int = Field(
        365, ge=0, description="In-app notifications older than this are deleted."
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="JHT_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("var")
    database_url: str | None = None
    database_pool_size: int = Field(
        20,
        ge=1,
        le=500,
        description=(
            "PostgreSQL connections each process keeps (fixed: no overflow connections opened "
            "and closed at a peak). Mind the server's max_connections across all processes."
        ),
    )
    redis_url: str | None = None
    storage_url: str | None = None
    secret_key: SecretStr = SecretStr(PLACEHOLDER_SECRET)
    # Where people reach this server from (used in printed links and the embedded WeChat base).
    public_base_url: str = "http://127.0.0.1:8000"
    station_name: str = "大市派出所"
    station_phone: str = "0571-64800110"
    max_body_bytes: int = 12 * 1024 * 1024
    log_json: bool = False
    log_level: str = "INFO"
    worker_poll_seconds: float = 1.0
    job_lease_seconds: float = Field(
        300,
        ge=1,
        description=(
            "How long a worker holds a claimed job before another may take it (a worker that "
            "died or hangs). Longer than any job runs, plus the clocks' disagreement."
        ),
    )
    delivery_lease_seconds: float = Field(
        120,
        ge=1,
        description=(
            "How long a worker holds a claimed batch of bulletin deliveries before another may "
            "send them. Longer than a batch takes to send, plus the clocks' disagreement."
        ),
    )
    clock_skew_seconds: float = Field(
        0.0,
        description="Fault drills only: run this process's clock this many seconds off.",
    )
    # Top level (not under `wechat`) so the variable stays JHT_BULLETIN_CONCURRENCY.
    bulletin_concurrency: int = Field(
        32,
        ge=1,
        le=1024,
        description=(
            "Subscribe messages a worker process has in flight to WeChat while sending a "
            "bulletin. Measured on a 2-core box: beyond ~32 the sender gets slower, not faster "
            "(bench/fanout.py)."
        ),
    )

    wechat: WechatSettings = Field(default_factory=WechatSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    demo: DemoSettings = Field(default_factory=DemoSettings)
    media: MediaSettings = Field(default_factory=MediaSettings)
    cases: CaseSettings = Field(default_factory=CaseSettings)
    governance: GovernanceSettings = Field(default_factory=GovernanceSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> Settings:
        if self.env != "production":
            return self
        problems = []
        secret = self.secret_key.get_secret_value()
        if len(secret) < 32 or secret.lower().startswith(PLACEHOLDER_PREFIXES):
            problems.append("JHT_SECRET_KEY must be a random value of at least 32 characters")
        if self.wechat.emulated:
            problems.append("JHT_WECHAT__APP_ID and JHT_WECHAT__APP_SECRET must be set")
        push_token = self.wechat.push_token.get_secret_value()
        if push_token.startswith("jinghutong-dev") or len(push_token) < 3:
            problems.append("JHT_WECHAT__PUSH_TOKEN must be the console's message-push token")
        if not self.database_url:
            problems.append("JHT_DATABASE_URL must be set (PostgreSQL in production)")
        if problems:
            raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'jinghutong.db').resolve()}"

    @property
    def resolved_storage_url(self) -> str:
        if self.storage_url:
            return self.storage_url
        return (self.data_dir / "media").resolve().as_uri()

    @property
    def wechat_api_base(self) -> str:
        if self.wechat.api_base:
            return self.wechat.api_base.rstrip("/")
        if self.wechat.emulated:
            return self.public_base_url.rstrip("/") + EMULATOR_MOUNT
        return "https://api.weixin.qq.com"


@lru_cache
def get_settings() -> Settings:
    return Settings()
