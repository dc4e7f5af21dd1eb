"""Helpers for the alerts tests: article records, a real SMTP server, a webhook receiver."""

from __future__ import annotations

import asyncio
import email
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from stiwatch.core.article import Article
from stiwatch.search.embedded import EmbeddedBackend


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def record(
    slug: str,
    title: str,
    text: str,
    *,
    published: str = "2025-06-01T09:00:00+07:00",
    story_id: str = "",
    language: str = "en",
    source: str = "astnet",
    countries: tuple[str, ...] = ("VN",),
    translations: dict[str, dict[str, str]] | None = None,
    fetched_at: str | None = None,
) -> dict[str, Any]:
    art = Article(url=f"https://example.org/news/{slug}", source=source)
    art.title, art.text, art.language, art.published = title, text, language, published
    art.countries = list(countries)
    art.themes = ["semiconductors"]
    art.story_id = story_id or art.id
    art.translations = translations or {}
    art.fetched_at = fetched_at or now_iso()
    return art.to_record()


def seed(data_dir: Path, records: list[dict[str, Any]]) -> None:
    backend = EmbeddedBackend(data_dir)
    try:
        backend.upsert(records)
        backend.commit()
    finally:
        backend.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Handler:
    """Keeps every accepted message; ``reply`` other than 250 refuses them (e.g. 451).

    Can also behave as servers do with long-lived connections: ``per_connection`` messages
    on one connection, then the next MAIL is met by ``at_limit``: "drop" (the connection
    closed, as an idle timeout does) or "421" (a limit per connection, as Postfix answers
    it); and ``lose_reply``: numbers (1-based) of messages kept whose reply never goes,
    the connection closed instead (the client cannot know the server has them).
    """

    messages: list[Message] = field(default_factory=list)
    reply: str = "250 Message accepted for delivery"
    delay: float = 0.0
    per_connection: int | None = None
    at_limit: str = "drop"
    lose_reply: set[int] = field(default_factory=set)
    # The client address (host, port) of each kept message's connection: one per connection.
    peers: list[Any] = field(default_factory=list)

    @property
    def connections(self) -> int:
        """Connections that delivered at least one message."""
        return len(set(self.peers))

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        if self.per_connection is not None and self.peers.count(session.peer) >= self.per_connection:
            if self.at_limit == "drop":
                server.transport.close()
            return "421 4.7.0 Too many messages on this connection"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if not self.reply.startswith("250"):
            return self.reply
        msg = email.message_from_bytes(envelope.content)
        msg["X-Rcpt"] = ",".join(envelope.rcpt_tos)
        self.messages.append(msg)
        self.peers.append(session.peer)
        if len(self.messages) in self.lose_reply:
            server.transport.close()
        return self.reply


class SmtpServer:
    """aiosmtpd on 127.0.0.1; ``stop()`` then ``start()`` simulates an outage on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = Handler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def env(self) -> dict[str, str]:
        return {
            "STIWATCH_SMTP_HOST": "127.0.0.1",
            "STIWATCH_SMTP_PORT": str(self.port),
            "STIWATCH_SMTP_SECURITY": "none",
            "STIWATCH_SMTP_SENDER": "alerts@stiwatch.test",
            "STIWATCH_ALERTS_SECRET": "test-secret",
            "STIWATCH_ALERTS_BASE_URL": "http://127.0.0.1:8000",
        }


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A running SmtpServer for one test, stopped after it."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def parts(msg: Message) -> dict[str, str]:
    """``{"text/plain": ..., "text/html": ...}`` decoded."""
    out: dict[str, str] = {}
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            text = payload.decode(part.get_content_charset() or "utf-8")
            out[part.get_content_type()] = text.replace("\r\n", "\n")
    return out


class WebhookReceiver:
    """A local HTTP server answering the next statuses in ``script`` (then 200), keeping bodies."""

    def __init__(self, script: list[int] | None = None) -> None:
        self.script = list(script or [])
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class _H(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.script.pop(0) if receiver.script else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
