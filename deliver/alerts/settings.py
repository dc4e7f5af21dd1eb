"""The ``[alerts]`` settings of a run, read once from the configuration (secret resolved)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from stiwatch.core.config import Config
from stiwatch.deliver.alerts.tokens import load_secret, make_unsubscribe_token


@dataclass(frozen=True)
class AlertSettings:
    """The ``[alerts]`` section, with the secret resolved."""

    secret: str
    base_url: str
    max_items: int
    send_empty: bool
    snippet_chars: int
    grace_hours: float
    feed_items: int
    webhook_retries: int
    webhook_backoff: float
    webhook_timeout: float
    smtp_timeout: float
    lock_timeout: float
    keep_days: int

    @classmethod
    def from_config(cls, config: Config) -> AlertSettings:
        a = config.values["alerts"]
        return cls(
            secret=load_secret(str(a["secret"]), config.data_dir),
            base_url=str(a["base_url"]).rstrip("/"),
            max_items=max(1, int(a["max_items"])),
            send_empty=bool(a["send_empty"]),
            snippet_chars=max(40, int(a["snippet_chars"])),
            grace_hours=float(a["grace_hours"]),
            feed_items=max(1, int(a["feed_items"])),
            webhook_retries=max(0, int(a["webhook_retries"])),
            webhook_backoff=float(a["webhook_backoff"]),
            webhook_timeout=float(a["webhook_timeout"]),
            smtp_timeout=float(a["smtp_timeout"]),
            lock_timeout=float(a["lock_timeout"]),
            keep_days=int(a["keep_days"]),
        )

    def unsubscribe_url(self, subscription: str, email: str) -> str:
        return f"{self.base_url}/unsubscribe/{make_unsubscribe_token(self.secret, subscription, email)}"

    def feed_url(self, subscription: str) -> str:
        return f"{self.base_url}/feeds/{quote(subscription)}.atom"
