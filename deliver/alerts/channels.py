"""Sending: SMTP (none, STARTTLS or SSL, optional login) and webhook POSTs with bounded retries."""

from __future__ import annotations

import email.policy
import hashlib
import hmac
import json
import logging
import smtplib
import ssl
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import httpx

from stiwatch.core.config import ConfigError

logger = logging.getLogger(__name__)

SECURITY = ("none", "starttls", "ssl")


class DeliveryFailed(RuntimeError):
    """The server did not accept the digest; nothing is recorded and the next run retries.

    ``server_wide``: no message can get through (unreachable, TLS, login refused): the run
    stops trying the other addresses. ``maybe_delivered``: the connection broke while the
    message was being handed over, so the server may have it: the next run resends that
    same message (same Message-ID) rather than a new digest.
    """

    def __init__(self, message: str, *, server_wide: bool = False, maybe_delivered: bool = False) -> None:
        super().__init__(message)
        self.server_wide = server_wide
        self.maybe_delivered = maybe_delivered


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
    ca_certs: str = ""

    @classmethod
    def from_config(cls, values: dict[str, Any], timeout: float = 30.0) -> SmtpSettings:
        security = str(values.get("security") or "none").lower()
        if security not in SECURITY:
            raise ConfigError(f"smtp.security {security!r}: use none, starttls or ssl")
        ca_certs = str(values.get("ca_certs") or "")
        if ca_certs and not Path(ca_certs).is_file():
            raise ConfigError(f"smtp.ca_certs {ca_certs!r}: no such file (a PEM file of CA certificates)")
        return cls(
            host=str(values["host"]),
            port=int(values["port"]),
            security=security,
            user=str(values.get("user") or ""),
            password=str(values.get("password") or ""),
            sender=str(values.get("sender") or "stiwatch@localhost"),
            timeout=timeout,
            ca_certs=ca_certs,
        )

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def tls_context(self) -> ssl.SSLContext:
        """Verifies the server's certificate and name, against ``ca_certs`` or the system's CAs."""
        return ssl.create_default_context(cafile=self.ca_certs or None)


def send_email(settings: SmtpSettings, message: EmailMessage) -> None:
    """Hand one message to the SMTP server on a connection of its own; returns once accepted.

    Raises:
        DeliveryFailed: connection, TLS, login or a refusal (4xx/5xx) by the server;
            one line saying what to check.
    """
    with SmtpSession(settings) as session:
        session.send(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))


class SmtpSession:
    """One SMTP connection for a run's email, opened (TLS, login) for the first message,
    reused for the next ones and closed with QUIT at the end (``close``).

    A connection found dropped before a message starts going over (the server closed an
    idle connection, or answered 421 at its limit of messages per connection) is opened
    again once and the message sent on the new one: the server had none of it. A
    connection lost once the message started going over (DATA) is not retried: the server
    may have it (``DeliveryFailed.maybe_delivered``); the next message opens a new one.
    """

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        # Connections opened (tests and the benchmark read it).
        self.connections = 0

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, body: bytes) -> None:
        """Hand one rendered message (RFC 5322 bytes, CRLF) to the server; returns once accepted.

        Raises:
            DeliveryFailed: connection, TLS, login or a refusal by the server; one line.
        """
        envelope = _Envelope.of(body)
        for attempt in (1, 2):
            reused = self._smtp is not None
            smtp = self._smtp or self._open()
            try:
                _transfer(smtp, envelope, body, self.settings.where)
                return
            except _Dropped as exc:
                self._discard()
                if reused and attempt == 1:
                    logger.info(
                        "SMTP server %(where)s: %(e)s; connecting again",
                        {"where": self.settings.where, "e": exc},
                    )
                    continue
                raise DeliveryFailed(
                    f"SMTP server {self.settings.where} closed the connection before taking the message ({exc})",
                    server_wide=True,
                ) from None
            except (smtplib.SMTPException, OSError) as exc:
                # The connection's state is unknown after a failure: the next message opens a new one.
                self._discard()
                raise smtp_failure(self.settings, "sending", exc) from None

    def close(self) -> None:
        """QUIT. Everything sent was accepted already: a failing QUIT changes nothing."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError) as exc:
            logger.info("SMTP server %(where)s: at QUIT: %(e)s", {"where": self.settings.where, "e": exc})
            smtp.close()

    def _open(self) -> smtplib.SMTP:
        settings = self.settings
        phase = "connecting"
        try:
            smtp: smtplib.SMTP
            if settings.security == "ssl":
                smtp = smtplib.SMTP_SSL(
                    settings.host, settings.port, timeout=settings.timeout, context=settings.tls_context()
                )
            else:
                smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            try:
                if settings.security == "starttls":
                    phase = "starttls"
                    smtp.starttls(context=settings.tls_context())
                if settings.user:
                    phase = "login"
                    smtp.login(settings.user, settings.password)
                smtp.ehlo_or_helo_if_needed()
            except BaseException:
                smtp.close()
                raise
        except (smtplib.SMTPException, OSError) as exc:
            raise smtp_failure(settings, phase, exc) from None
        self._smtp = smtp
        self.connections += 1
        return smtp

    def _discard(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()


class _Dropped(Exception):
    """The connection went away before the message started going over (safe to send again)."""


@dataclass(frozen=True)
class _Envelope:
    sender: str
    recipients: list[str]
    international: bool

    @classmethod
    def of(cls, body: bytes) -> _Envelope:
        """As ``smtplib.SMTP.send_message`` takes it from the headers: Sender or From; To, Cc."""
        headers = BytesHeaderParser(policy=email.policy.compat32).parsebytes(body)
        sender = getaddresses([str(headers.get("Sender") or headers.get("From") or "")])[0][1]
        recipients = [
            a for _, a in getaddresses([str(v) for k in ("To", "Cc") for v in headers.get_all(k, [])])
        ]
        international = not all(a.isascii() for a in (sender, *recipients))
        return cls(sender, recipients, international)


def _transfer(smtp: smtplib.SMTP, envelope: _Envelope, body: bytes, where: str) -> None:
    """MAIL, RCPT, DATA on an open connection (as ``smtplib.SMTP.sendmail``), telling a
    connection that went away before DATA (:class:`_Dropped`) from a failure after it."""
    options: list[str] = []
    if envelope.international:
        if not smtp.has_extn("smtputf8"):
            raise DeliveryFailed(
                f"SMTP server {where} does not offer SMTPUTF8, which {', '.join(envelope.recipients)} needs"
            )
        options += ["SMTPUTF8", "BODY=8BITMIME"]
    if smtp.has_extn("size"):
        options.append(f"size={len(body)}")
    try:
        code, reply = smtp.mail(envelope.sender, options)
        if code == 421:
            raise _Dropped(f"{code} {reply.decode('utf-8', 'replace')}")
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, envelope.sender)
        refused: dict[str, tuple[int, bytes]] = {}
        for recipient in envelope.recipients:
            code, reply = smtp.rcpt(recipient)
            if code == 421:
                raise _Dropped(f"{code} {reply.decode('utf-8', 'replace')}")
            if code not in (250, 251):
                refused[recipient] = (code, reply)
    except (smtplib.SMTPServerDisconnected, ConnectionError) as exc:
        raise _Dropped(str(exc) or type(exc).__name__) from None
    if len(refused) == len(envelope.recipients):
        raise smtplib.SMTPRecipientsRefused(refused)
    # From here the server may end up with the message, whatever happens to the connection.
    code, reply = smtp.data(body)
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
    if refused:
        raise DeliveryFailed(f"SMTP server {where} refused {', '.join(refused)}")


def smtp_failure(settings: SmtpSettings, phase: str, exc: BaseException) -> DeliveryFailed:
    """The one-line reason for ``exc`` raised while ``phase`` (connecting, starttls, login, sending)."""
    where = f"SMTP server {settings.where}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return DeliveryFailed(
            f"{where}: TLS certificate not trusted ({exc.verify_message}); set smtp.ca_certs to the CA"
            " that signed it, or check smtp.host",
            server_wide=True,
        )
    if isinstance(exc, ssl.SSLError):
        return DeliveryFailed(
            f"{where}: TLS failed ({exc.reason or exc}); check smtp.security: ssl for implicit TLS"
            " (usually port 465), starttls for port 587",
            server_wide=True,
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryFailed(
            f"{where} refused the login of {settings.user!r} ({_reply(exc)}); check smtp.user and smtp.password",
            server_wide=True,
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        offer = "STARTTLS" if phase == "starttls" else "login (AUTH)"
        return DeliveryFailed(
            f"{where} offers no {offer} on this connection; check smtp.security and smtp.port",
            server_wide=True,
        )
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return DeliveryFailed(
            f"{where} refused the sender {settings.sender!r} ({_reply(exc)}); check smtp.sender",
            server_wide=True,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        if phase == "sending":
            return DeliveryFailed(f"{where} refused the message ({_reply(exc)})")
        return DeliveryFailed(f"{where} answered {_reply(exc)} while {phase}", server_wide=True)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return DeliveryFailed(f"{where} refused {', '.join(exc.recipients)}")
    if phase == "sending":
        # The connection broke during the hand-over: the server may have the message.
        return DeliveryFailed(f"{where}: connection lost while sending ({exc})", maybe_delivered=True)
    return DeliveryFailed(f"{where} unreachable: {exc}", server_wide=True)


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = (
        exc.smtp_error.decode("utf-8", "replace")
        if isinstance(exc.smtp_error, bytes)
        else str(exc.smtp_error)
    )
    return f"{exc.smtp_code} {' '.join(text.split())}"


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
