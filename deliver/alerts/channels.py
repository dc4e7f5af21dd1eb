"""Sending: SMTP (none, STARTTLS or SSL, optional login) and webhook POSTs with bounded retries."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import httpx

from stiwatch.core.config import ConfigError

logger = logging.getLogger(__name__)

SECURITY = ("none", "starttls", "ssl")


class DeliveryFailed(RuntimeError):
    """The server did not accept the digest; nothing is recorded and the next run retries."""


@dataclass(frozen=True)
class SmtpSettings:
    """The ``[smtp]`` section."""

    host: str
    port: int
    security: str = "none"
    user: str = ""
    password: str = ""
    sender: str = "stiwatch@localhost"
    timeout: float = 30.0

    @classmethod
    def from_config(cls, values: dict[str, Any], timeout: float = 30.0) -> SmtpSettings:
        security = str(values.get("security") or "none").lower()
        if security not in SECURITY:
            raise ConfigError(f"smtp.security {security!r}: use none, starttls or ssl")
        return cls(
            host=str(values["host"]),
            port=int(values["port"]),
            security=security,
            user=str(values.get("user") or ""),
            password=str(values.get("password") or ""),
            sender=str(values.get("sender") or "stiwatch@localhost"),
            timeout=timeout,
        )


def send_email(settings: SmtpSettings, message: EmailMessage) -> None:
    """Hand the message to the SMTP server; returns only once the server accepted it.

    Raises:
        DeliveryFailed: connection, TLS, login or a refusal (4xx/5xx) by the server.
    """
    where = f"{settings.host}:{settings.port}"
    try:
        smtp: smtplib.SMTP
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with smtp:
            if settings.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, settings.password)
            refused = smtp.send_message(message)
        if refused:
            raise DeliveryFailed(f"SMTP server {where} refused {', '.join(refused)}")
    except smtplib.SMTPException as exc:
        raise DeliveryFailed(f"SMTP server {where}: {exc}") from None
    except OSError as exc:
        raise DeliveryFailed(f"SMTP server {where} unreachable: {exc}") from None


def signature(secret: str, body: bytes) -> str:
    """``sha256=<hex HMAC of the body>``, for receivers that check who sent it."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_webhook(
    url: str,
    payload: dict[str, Any],
    *,
    secret: str,
    retries: int = 3,
    backoff: float = 1.0,
    timeout: float = 10.0,
) -> int:
    """POST the payload as JSON; retries network errors, 429 and 5xx with doubling waits.

    Returns the 2xx status. Raises: DeliveryFailed after the last try, or at once on
    another 4xx (retrying a request the receiver rejects would not help).
    """
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "stiwatch-alerts/0.1",
        "Idempotency-Key": str(payload.get("delivery_id", "")),
        "X-Stiwatch-Signature": signature(secret, body),
    }
    problem = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            response = httpx.post(url, content=body, headers=headers, timeout=timeout)
        except httpx.HTTPError as exc:
            problem = f"{type(exc).__name__}: {exc}"
        else:
            if 200 <= response.status_code < 300:
                return response.status_code
            problem = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 429:
                raise DeliveryFailed(f"webhook {url} answered {problem}")
        logger.info("webhook %(url)s try %(n)d failed: %(p)s", {"url": url, "n": attempt + 1, "p": problem})
    raise DeliveryFailed(f"webhook {url} failed after {retries + 1} tries: {problem}")
