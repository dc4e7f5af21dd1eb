"""Digest formats: the email (HTML + plain text), the Atom feed and the webhook JSON."""

from __future__ import annotations

import email
import email.policy
import hashlib
import xml.etree.ElementTree as ET
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from stiwatch.deliver.alerts.coverage import Coverage
from stiwatch.deliver.alerts.digest import Digest, DigestItem, parse_time

TEMPLATES = Path(__file__).parent / "templates"
ATOM_NS = "http://www.w3.org/2005/Atom"


def safe_href(url: str) -> str:
    """Only http(s) links survive; a crawled ``javascript:`` URL becomes ``#``."""
    return url if urlsplit(str(url)).scheme in ("http", "https") else "#"


def _env(autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        auto_reload=False,
        autoescape=select_autoescape(["html"]) if autoescape else False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["href"] = safe_href
    return env


# RFC 5322 allows 998-character lines; the default 78 would turn the long unsubscribe URL
# into an RFC 2047 encoded word, which mail clients do not read as a List-Unsubscribe URL.
_POLICY = email.policy.SMTP.clone(max_line_length=998)

# Loaded once per process: each digest renders the same two templates, without a lookup
# or a check of the files for changes per message.
_HTML = _env(autoescape=True).get_template("digest.html")
_TEXT = _env(autoescape=False).get_template("digest.txt")


def delivery_id(digest: Digest) -> str:
    """Stable for the same subscription, channel and stories: a resend after a crash reuses it."""
    if digest.key is None:
        h = hashlib.sha256()
        h.update(f"{digest.subscription.name}\0{digest.channel}\0".encode())
        if digest.grouped is not None:
            h.update(digest.grouped.entry_bytes())
        else:
            h.update(
                "".join(f"{key}\0{article_id}\n" for key, article_id in sorted(digest.entries())).encode()
            )
        digest.key = h.hexdigest()[:32]
    return digest.key


def parse_message(body: bytes) -> EmailMessage:
    """An email kept as bytes (the outbox), as the sender takes it."""
    message = email.message_from_bytes(body, _class=EmailMessage, policy=_POLICY)
    assert isinstance(message, EmailMessage)
    return message


def subject(digest: Digest) -> str:
    noun = "story" if digest.count == 1 else "stories"
    # The name is validated (letters, digits, _ . -): no header injection possible.
    return f"[stiwatch] {digest.subscription.name}: {digest.count} new {noun}"


def email_message(
    digest: Digest, coverage: Coverage, *, sender: str, recipient: str, unsubscribe_url: str
) -> EmailMessage:
    """A multipart/alternative message with List-Unsubscribe headers (RFC 2369, 8058)."""
    context = {
        "digest": digest,
        "coverage": coverage,
        "subject": subject(digest),
        "recipient": recipient,
        "unsubscribe_url": unsubscribe_url,
    }
    msg = EmailMessage(policy=_POLICY)
    msg["Subject"] = subject(digest)
    msg["From"] = sender
    msg["To"] = recipient
    msg["Date"] = formatdate(localtime=False)
    domain = sender.rpartition("@")[2] or "localhost"
    msg["Message-ID"] = f"<{delivery_id(digest)}.digest@{domain}>"
    msg["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["X-Stiwatch-Subscription"] = digest.subscription.name
    msg.set_content(_TEXT.render(context))
    msg.add_alternative(_HTML.render(context), subtype="html")
    return msg


def webhook_payload(digest: Digest, coverage: Coverage) -> dict[str, Any]:
    payload = {
        "subscription": digest.subscription.name,
        "delivery_id": delivery_id(digest),
        "as_of": digest.as_of,
        "since": digest.since,
        "count": digest.count,
        "more": digest.more,
        "search_url": digest.search_url,
        "display_lang": digest.subscription.display_lang,
        "items": [item.to_json() for item in digest.items],
        "coverage": coverage.to_json(),
    }
    if digest.rising is not None:
        payload["rising"] = digest.rising.to_json()
    return payload


def _atom_time(value: str | None, fallback: str) -> str:
    parsed = parse_time(value) or parse_time(fallback)
    return parsed.isoformat(timespec="seconds") if parsed else fallback


def atom_feed(
    name: str, items: list[DigestItem], *, feed_url: str, search_url: str, updated: str, subtitle: str
) -> bytes:
    """One Atom 1.0 document; entry ids are story ids, so readers show each story once."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", f"urn:stiwatch:feed:{name}")
    sub(feed, "title", f"stiwatch: {name}")
    sub(feed, "subtitle", subtitle)
    sub(feed, "updated", _atom_time(items[0].fetched_at if items else None, updated))
    sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=safe_href(search_url), type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "stiwatch")
    sub(feed, "generator", "stiwatch")
    for item in items:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:stiwatch:story:{item.story_key}")
        title = item.title if not item.title_translated else f"{item.title_translated} — {item.title}"
        sub(entry, "title", title)
        sub(entry, "link", rel="alternate", href=safe_href(item.url))
        for version in item.versions:
            sub(entry, "link", rel="related", href=safe_href(version.url), hreflang=version.language or "und")
        sub(entry, "updated", _atom_time(item.fetched_at, updated))
        if item.published:
            sub(entry, "published", _atom_time(item.published, updated))
        for tag in item.countries + item.agencies + item.themes:
            sub(entry, "category", term=tag)
        src_author = sub(entry, "author")
        sub(src_author, "name", item.source)
        sub(entry, "summary", item.snippet)
        # ElementTree escapes the (already escaped) HTML once more for XML.
        sub(entry, "content", item.snippet_html, type="html")
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
