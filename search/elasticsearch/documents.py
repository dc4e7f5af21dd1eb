"""An article record as an Elasticsearch document (see mappings.py for the fields)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from stiwatch.core.analysis import field_text, folded_tokens, pair_tokens
from stiwatch.core.facets import FACETS
from stiwatch.search.concepts import CONCEPT_FIELD, concept_keys
from stiwatch.search.elasticsearch.mappings import TRANSLATION_LANGUAGES
from stiwatch.search.records import (
    day_number,
    facet_values,
    mention_values,
    parse_published,
    searchable_parts,
    tokens_of,
)

# Record fields copied as they are: the facets (lists or single values), then the others.
_LIST_FIELDS = tuple(f.field for f in FACETS if f.many)
_SCALAR_FIELDS = (
    "url",
    *(f.field for f in FACETS if not f.many),
    "content_hash",
    "published_from",
    "source_url",
    "content_type",
    "attachment_of",
)


def _iso_instant(value: Any) -> str | None:
    """An ISO timestamp Elasticsearch accepts, or None (a bad value never fails the write)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat()


def make_document(record: dict[str, Any], known: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The document indexed for ``record`` (text analysed here unless ``known`` has its
    tokens: see stiwatch.search.records.tokens_of)."""
    doc: dict[str, Any] = {"id": str(record["id"])}
    for name in _SCALAR_FIELDS:
        value = record.get(name)
        if value:
            doc[name] = str(value)
    for name in _LIST_FIELDS:
        values = facet_values(record, name)
        if values:
            doc[name] = values
    for facet in FACETS:
        if facet.mentions and (named := mention_values(record, facet)):
            doc[facet.mention_field] = named
    # Collapsing groups by story; a record without one is its own story.
    doc["story_id"] = str(record.get("story_id") or record["id"])
    published = parse_published(record.get("published"))
    if published is not None:
        doc["published"] = published.isoformat()
        doc["published_day"] = day_number(published.date())
        doc["published_month"] = published.strftime("%Y-%m")
    fetched = _iso_instant(record.get("fetched_at"))
    if fetched:
        doc["fetched_at"] = fetched
    title, text = record.get("title") or "", record.get("text") or ""
    doc["title"] = str(title)
    doc["text"] = str(text)
    doc["text_chars"] = len(str(text))
    translations = record.get("translations") or {}
    if isinstance(translations, dict):
        mapped = {
            lang: {k: str(v[k]) for k in ("title", "text") if isinstance(v.get(k), str) and v[k]}
            for lang, v in translations.items()
            if lang in TRANSLATION_LANGUAGES and isinstance(v, dict)
        }
        mapped = {lang: v for lang, v in mapped.items() if v}
        if mapped:
            doc["translations"] = mapped
    titles, texts = searchable_parts(record)
    title_tokens, text_tokens = tokens_of(titles, known), tokens_of(texts, known)
    title_folded, text_folded = folded_tokens(title_tokens), folded_tokens(text_tokens)
    doc["tok"] = {
        "title": field_text(title_tokens),
        "title_f": field_text(title_folded),
        "text": field_text(text_tokens),
        "text_f": field_text(text_folded),
        "pairs": field_text(pair_tokens(title_folded) + pair_tokens(text_folded)),
    }
    if keys := concept_keys(title_folded, text_folded):
        doc[CONCEPT_FIELD] = keys
    doc["record"] = record
    return doc
