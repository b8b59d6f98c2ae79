"""Settings, read once from the environment and `.env`."""

from __future__ import annotations

from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
LOCAL_SECRET_PREFIX = "local-demo-"
DEFAULT_RATE_LIMITS = {
    "guard": "60/minute",
    "guard_staff": "600/minute",
    "conversation_create": "30/minute",
    "customer_message": "30/minute",
    "csat": "10/minute",
    "login": "10/minute",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ROOT / ".env", extra="ignore")

    app_env: Literal["local", "test", "production"] = "local"
    database_url: str = f"sqlite:///{ROOT / 'var' / 'app.db'}"
    redis_url: str | None = None

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    rasa_timeout_seconds: float = 30.0

    secret_key: str = LOCAL_SECRET_PREFIX + "secret-key"
    rasa_token: str = LOCAL_SECRET_PREFIX + "rasa-token"
    nlg_token: str = LOCAL_SECRET_PREFIX + "nlg-token"
    service_token: str = LOCAL_SECRET_PREFIX + "service-token"

    business_timezone: str = "Asia/Shanghai"
    business_open: time = time(9, 0)
    business_close: time = time(18, 0)
    sunset_cutoff: time = time(16, 0)
    next_morning_by: time = time(10, 0)
    business_days: list[int] = Field(default=[0, 1, 2, 3, 4, 5, 6])
    follow_up_after_hours: int = Field(default=48, ge=0)  # after a ticket is resolved

    max_message_chars: int = 4000
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)  # larger request bodies get 413

    # Public endpoints are rate limited per client address, conversation or staff member
    # ("<count>/<second|minute|hour|day>"); "<name>_staff" applies to signed-in staff.
    rate_limit_enabled: bool = True
    rate_limits: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_RATE_LIMITS))
    responses_dir: Path = ROOT / "responses"

    realtime_prefix: str = "cca:rt:"  # Redis channel prefix for realtime events
    widget_origins: list[str] = Field(default=[])  # shop origins that may call the API (CORS)

    @field_validator("rate_limits", mode="before")
    @classmethod
    def _over_defaults(cls, value: object) -> object:
        # RATE_LIMITS='{"guard": "10/minute"}' changes one limit and keeps the others
        return {**DEFAULT_RATE_LIMITS, **value} if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _check_rate_limits(self) -> Settings:
        from api.services.ratelimit import Limit

        for name, spec in self.rate_limits.items():
            try:
                Limit.parse(spec)
            except ValueError as exc:
                raise ValueError(f"RATE_LIMITS[{name}]: {exc}") from exc
        return self

    @model_validator(mode="after")
    def _refuse_demo_secrets_in_production(self) -> Settings:
        if self.app_env == "production":
            for name in ("secret_key", "rasa_token", "nlg_token", "service_token"):
                if getattr(self, name).startswith(LOCAL_SECRET_PREFIX):
                    raise ValueError(f"{name.upper()} must be set in production")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
