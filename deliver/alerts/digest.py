"""Building a digest: the subscription's new matches, collapsed by story, newest first, capped.

Crawled text is untrusted: the HTML snippet is built by escaping every piece of it and
adding only our own ``<mark>`` tags around the matched terms.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from stiwatch.core.analysis import query_tokens
from stiwatch.core.facets import BY_NAME, PARTNER
from stiwatch.crawler.documents import document_label
from stiwatch.deliver.alerts.subscriptions import FILTER_FACETS, Subscription
from stiwatch.search.backend import MAX_LIMIT, SearchBackend
from stiwatch.search.rising import Rising

# Terms shorter than this are not highlighted (single letters light up everywhere).
MIN_HIGHLIGHT_CHARS = 2


@dataclass
class Version:
    """Another copy of the same story (a repost, a translation)."""

    id: str
    url: str
    source: str
    language: str
    title: str


@dataclass
class DigestItem:
    """One story as shown in a digest."""

    id: str
    story_key: str
    title: str
    title_translated: str | None
    language: str
    source: str
    published: str | None
    fetched_at: str
    url: str
    countries: list[str]
    agencies: list[str]
    themes: list[str]
    snippet: str
    snippet_html: str
    versions: list[Version] = field(default_factory=list)
    # A document: its mark ("PDF", "Word") and the page that links it.
    document: str | None = None
    attachment_of: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "story_id": self.story_key,
            "title": self.title,
            "title_translated": self.title_translated,
            "language": self.language,
            "source": self.source,
            "published": self.published,
            "fetched_at": self.fetched_at,
            "url": self.url,
            "countries": self.countries,
            "agencies": self.agencies,
            "themes": self.themes,
            "snippet": self.snippet,
            "other_versions": [v.__dict__ for v in self.versions],
            "document": self.document,
            "attachment_of": self.attachment_of,
        }


@dataclass
class Story:
    """Every new article of one story, newest first (the first one is shown)."""

    key: str
    records: list[dict[str, Any]]

    def entries(self) -> list[tuple[str, str]]:
        return [(self.key, str(r["id"])) for r in self.records]


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 time as an aware datetime (naive values are UTC), or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def story_key(record: dict[str, Any]) -> str:
    return str(record.get("story_id") or record["id"])


def run_day(moment: str) -> date:
    """The day of a run's ISO time stamp (UTC): what "the last N days" of a subscription's
    window count back from, so the same run gives the same digest on any later day."""
    return datetime.fromisoformat(moment).astimezone(UTC).date()


def iter_new_matches(
    backend: SearchBackend,
    sub: Subscription,
    since: datetime | None,
    page: int = MAX_LIMIT,
    *,
    today: date | None = None,
) -> Iterator[dict[str, Any]]:
    """Every hit of the subscription's search first seen at or after ``since``, newest first.

    All pages are read: an article fetched today may carry an old publication date, so
    no page can be skipped without losing it. ``today`` anchors a ``window_days`` window.
    """
    offset = 0
    while True:
        query = replace(sub.to_query(limit=page, offset=offset, today=today), facets=())
        result = backend.search(query)
        for hit in result.hits:
            seen = parse_time(hit.get("fetched_at"))
            if since is None or seen is None or seen >= since:
                yield hit
        offset += len(result.hits)
        if not result.hits or offset >= result.total:
            return


def collapse(records: list[dict[str, Any]]) -> list[Story]:
    """Group by story, keeping the order of each story's first (newest) record."""
    # One pass, no call per record: a digest of a broad search groups thousands.
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        key = str(record.get("story_id") or record["id"])
        group = groups.get(key)
        if group is None:
            groups[key] = [record]
        else:
            group.append(record)
    return [Story(key, group) for key, group in groups.items()]


def highlight_terms(query_text: str) -> list[str]:
    """The words to mark in snippets: the query's search tokens, longest first."""
    terms = {t for t in query_tokens(query_text) if len(t) >= MIN_HIGHLIGHT_CHARS}
    return sorted(terms, key=lambda t: (-len(t), t))


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    if not terms:
        return []
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        if spans and m.start() <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], m.end()))
        else:
            spans.append((m.start(), m.end()))
    return spans


def snippet(text: str, terms: list[str], chars: int) -> str:
    """About ``chars`` characters of ``text`` around the first matched term, on one line."""
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return flat
    spans = _spans(flat, terms)
    start = 0
    if spans:
        start = max(0, spans[0][0] - chars // 4)
        space = flat.rfind(" ", 0, start)
        start = space + 1 if space > 0 and start - space < 20 else start
    end = min(len(flat), start + chars)
    out = flat[start:end].strip()
    return ("…" if start > 0 else "") + out + ("…" if end < len(flat) else "")


def highlight_html(text: str, terms: list[str]) -> str:
    """``text`` escaped, with ``<mark>`` around each matched term (matched before escaping)."""
    out: list[str] = []
    last = 0
    for start, end in _spans(text, terms):
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def make_item(story: Story, sub: Subscription, terms: list[str], snippet_chars: int) -> DigestItem:
    """The digest entry for a story, titles and snippet in the subscriber's language."""
    record = story.records[0]
    language = str(record.get("language") or "")
    title = str(record.get("title") or record.get("url") or "")
    text = str(record.get("text") or "")
    translated_title: str | None = None
    lang = sub.display_lang
    if lang != "original" and lang != language:
        translation = (record.get("translations") or {}).get(lang) or {}
        if translation.get("title"):
            translated_title = str(translation["title"])
        if translation.get("text"):
            text = str(translation["text"])
    cut = snippet(text, terms, snippet_chars)
    versions = [
        Version(
            id=str(r["id"]),
            url=str(r.get("url") or ""),
            source=str(r.get("source") or ""),
            language=str(r.get("language") or ""),
            title=str(r.get("title") or ""),
        )
        for r in story.records[1:]
    ]
    return DigestItem(
        id=str(record["id"]),
        story_key=story.key,
        title=title,
        title_translated=translated_title,
        language=language,
        source=str(record.get("source") or ""),
        published=record.get("published") or None,
        fetched_at=str(record.get("fetched_at") or ""),
        url=str(record.get("url") or ""),
        countries=list(record.get("countries") or []),
        agencies=list(record.get("agencies") or []),
        themes=list(record.get("themes") or []),
        snippet=cut,
        snippet_html=highlight_html(cut, terms),
        versions=versions,
        document=document_label(record.get("content_type")),
        attachment_of=record.get("attachment_of") or None,
    )


def search_url(base_url: str, sub: Subscription, today: date | None = None) -> str:
    """The search page showing the subscription's full results (a ``window_days`` window
    counted back from ``today``)."""
    params: list[tuple[str, str]] = [("q", sub.query)] if sub.query else []
    for facet in FILTER_FACETS:
        params.extend((facet.param, v) for v in getattr(sub, facet.query))
    params.extend((PARTNER.param, v) for v in sub.partners)
    params.extend((BY_NAME[name].mode_param, "all") for name in sub.all_of)
    query = sub.to_query(limit=1, today=today)
    if query.since:
        params.append(("since", query.since.isoformat()))
    if query.until:
        params.append(("until", query.until.isoformat()))
    if not query.expand:
        params.append(("expand", "false"))
    params.append(("sort", "date"))
    return f"{base_url.rstrip('/')}/?{urlencode(params)}"


@dataclass
class Digest:
    """What one channel of one subscription receives now."""

    subscription: Subscription
    channel: str
    as_of: str
    since: str | None
    items: list[DigestItem]
    more: int
    search_url: str
    stories: list[Story]
    # "Rising this week", for subscriptions that asked for it (None: no such section).
    rising: Rising | None = None
    # The delivery id, once computed (stiwatch.deliver.alerts.render.delivery_id): the
    # ledger, the Message-ID and the webhook body all need it, and a digest of thousands
    # of articles takes milliseconds to hash.
    key: str | None = field(default=None, compare=False, repr=False)
    # The shared grouping this digest's stories come from, when they are all of it.
    grouped: Grouped | None = field(default=None, compare=False, repr=False)

    @property
    def count(self) -> int:
        """Stories in the digest, the ones behind "and N more" included."""
        return len(self.items) + self.more

    def entries(self) -> list[tuple[str, str]]:
        """``(story_key, article_id)`` of every article this digest delivers."""
        if self.grouped is not None:
            return self.grouped.entries()
        return [(story.key, str(r["id"])) for story in self.stories for r in story.records]


@dataclass
class Grouped:
    """New matches grouped by story, with the keys and ids the ledger is asked about.

    The same for every channel, and every subscription, that sees the same matches:
    computed once and shared (:func:`group`). Never changed after it is built, except
    for the entries it computes once, when first asked.
    """

    stories: list[Story]
    keys: list[str]
    ids: list[str]
    _entries: list[tuple[str, str]] | None = field(default=None, repr=False)
    _entry_bytes: bytes | None = field(default=None, repr=False)

    def entries(self) -> list[tuple[str, str]]:
        """``(story_key, article_id)`` of every article of every story."""
        if self._entries is None:
            self._entries = [(story.key, str(r["id"])) for story in self.stories for r in story.records]
        return self._entries

    def entry_bytes(self) -> bytes:
        """The entries, sorted, as the delivery id hashes them."""
        if self._entry_bytes is None:
            self._entry_bytes = "".join(
                f"{key}\0{article_id}\n" for key, article_id in sorted(self.entries())
            ).encode()
        return self._entry_bytes


def group(new_matches: list[dict[str, Any]]) -> Grouped:
    stories = collapse(new_matches)
    return Grouped(stories, [s.key for s in stories], [str(r["id"]) for r in new_matches])


def build_digest(
    new_matches: list[dict[str, Any]],
    sub: Subscription,
    channel: str,
    *,
    as_of: str,
    since: str | None,
    already: Callable[[list[str], list[str]], set[str]],
    max_items: int,
    snippet_chars: int,
    base_url: str,
    grouped: Grouped | None = None,
) -> Digest:
    """A digest of ``new_matches`` minus the stories ``already`` delivered to this channel.

    Args:
        new_matches: hits first seen since the channel's cutoff, newest first.
        already: given story keys and article ids, returns those of them the channel has had.
        grouped: ``group(new_matches)``, when the caller has it already.
    """
    grouped = grouped if grouped is not None else group(new_matches)
    stories = grouped.stories
    # Stories first; then only the articles of the stories not had already (a story had is
    # left out whole, whatever its articles).
    seen = already(grouped.keys, [])
    unseen = (
        grouped.ids if not seen else [str(r["id"]) for s in stories if s.key not in seen for r in s.records]
    )
    seen |= already([], unseen)
    fresh: list[Story] = stories if not seen else []
    for story in stories if seen else ():
        if story.key in seen:
            continue
        records = [r for r in story.records if str(r["id"]) not in seen]
        if records:
            fresh.append(Story(story.key, records))
    terms = highlight_terms(sub.query)
    items = [make_item(s, sub, terms, snippet_chars) for s in fresh[:max_items]]
    return Digest(
        subscription=sub,
        channel=channel,
        as_of=as_of,
        since=since,
        items=items,
        more=max(0, len(fresh) - max_items),
        search_url=search_url(base_url, sub, run_day(as_of)),
        stories=fresh,
        grouped=grouped if fresh is stories else None,
    )
