"""Labelled page sets: stored pages next to YAML files that say what processing must give.

A set is a folder of ``NAME.html`` (the bytes as the site serves them) and ``NAME.yaml``::

    url: https://www.nxpo.or.th/th/12345/
    content_type: text/html; charset=UTF-8     # the header the site sends (may lie)
    fetched_at: 2025-07-20T03:00:00+00:00      # the crawl time: later dates are refused
    title: ...                                  # the expected clean title
    language: th
    published: 2025-07-16                       # the expected local day, or null
    must_contain: [snippets of the article text]
    must_not_contain: [boilerplate of the page that must not leak]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from stiwatch.core.article import Article
from stiwatch.core.yamlfile import read_yaml
from stiwatch.pipelines.base import RejectArticle
from stiwatch.pipelines.process import Processor, build_context

DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "labelled" / "text"
_REQUIRED = ("url", "title", "language", "published", "must_contain", "must_not_contain", "provenance")
PROVENANCE_KINDS = ("captured", "modelled")


class LabelError(ValueError):
    """A labelled set that cannot be read (missing file, field or page)."""


@dataclass(frozen=True)
class LabelledPage:
    """One stored page and what processing it must give."""

    name: str
    url: str
    body: bytes
    content_type: str | None
    fetched_at: datetime
    title: str
    language: str
    published: str | None
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)


def _when(value: Any, where: str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise LabelError(f"{where}: fetched_at {value!r} is not ISO 8601") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def load_set(folder: Path = DEFAULT_SET) -> list[LabelledPage]:
    """Every labelled page of ``folder``, sorted by name.

    Raises:
        LabelError: the folder, a page file or a required field is missing.
    """
    if not folder.is_dir():
        raise LabelError(f"{folder}: no such labelled set")
    pages = []
    for path in sorted(folder.glob("*.yaml")):
        data = read_yaml(path) or {}
        missing = [key for key in _REQUIRED if key not in data]
        if missing:
            raise LabelError(f"{path}: missing {', '.join(missing)}")
        provenance = data["provenance"]
        if not isinstance(provenance, dict) or not any(provenance.get(k) for k in PROVENANCE_KINDS):
            raise LabelError(
                f"{path}: provenance must say captured (where from) or modelled (on which layout)"
            )
        html = path.with_suffix(".html")
        if not html.is_file():
            raise LabelError(f"{path}: no page file {html.name}")
        published = data["published"]
        known = {*_REQUIRED, "content_type", "fetched_at"}
        pages.append(
            LabelledPage(
                name=path.stem,
                url=str(data["url"]),
                body=html.read_bytes(),
                content_type=data.get("content_type"),
                fetched_at=_when(data.get("fetched_at") or datetime.now(UTC), str(path)),
                title=str(data["title"]),
                language=str(data["language"]),
                published=None if published is None else str(published)[:10],
                must_contain=tuple(str(x) for x in data["must_contain"] or ()),
                must_not_contain=tuple(str(x) for x in data["must_not_contain"] or ()),
                extra={k: v for k, v in data.items() if k not in known},
            )
        )
    if not pages:
        raise LabelError(f"{folder}: no labelled pages (NAME.yaml + NAME.html)")
    return pages


class PageRunner:
    """Runs labelled pages through the processing stages as a crawl would (bytes in).

    The registry is loaded once; each page sets the clock to its own crawl time, which
    decides what counts as a future date.
    """

    def __init__(self, stages: Sequence[type] | None = None) -> None:
        self.context = build_context()
        self.processor = Processor(self.context, *([stages] if stages else []))

    def run(self, page: LabelledPage) -> Article | None:
        """The processed article, or None when processing rejects the page."""
        self.context.now = page.fetched_at
        try:
            return self.processor.process(
                page.url,
                page.body,
                content_type=page.content_type,
                fetched_at=page.fetched_at.isoformat(timespec="seconds"),
            )
        except RejectArticle:
            return None
