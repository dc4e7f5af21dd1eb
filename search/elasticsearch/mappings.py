"""Index names, the composable index template and the mappings of the article index.

Two kinds of fields live in one document:

- ``tok.*`` hold the output of :mod:`stiwatch.core.analysis` (segmented Thai, lower-cased,
  folded copies, adjacent pairs) in whitespace-analysed fields. Searches from
  stiwatch use only these, so a query means the same on Elasticsearch, on
  servers without Thai segmentation and in the embedded index.
- ``title``/``text`` and ``translations.<lang>.*`` hold the text as written, with
  language subfields (``thai``, ``english``, ``folded``) for analysts who query
  the index directly or from Kibana.

The whole record rides along in ``record`` (stored, never indexed) so that a hit
is the exact record that was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stiwatch.core.analysis import ANALYSIS_VERSION
from stiwatch.core.facets import FACETS
from stiwatch.search.concepts import CONCEPT_FIELD, fingerprint

# Bump on any change to the settings or mappings below; the index template is
# replaced on open and `stiwatch reindex` moves the data to an index built from it.
# 2: mentions (issue 14); 3: content_type and attachment_of (documents and the pages that
# link them); 4: concept (the keys of the taxonomy concepts the text contains).
MAPPING_VERSION = 4
INDEX_META = {"stiwatch_mapping": MAPPING_VERSION, "stiwatch_analysis": ANALYSIS_VERSION}
# The concept matcher's fingerprint (stiwatch.search.concepts) in an index's ``_meta``: set
# on indices created from the template, whose every document got concept keys from it.
CONCEPTS_META = "stiwatch_concepts"

# Languages whose translations get their own mapped fields; others stay in `record` only.
TRANSLATION_LANGUAGES = ("en", "th", "vi")

# Exact-value fields: every facet (as declared in stiwatch.core.facets), then the others.
KEYWORD_FIELDS = (
    "id",
    "url",
    *(f.field for f in FACETS if f.index == "keyword"),
    # What articles name per facet, about or only mentioned (searches with mentions on).
    *(f.mention_field for f in FACETS if f.mentions),
    CONCEPT_FIELD,
    "story_id",
    "content_hash",
    "published_from",
    "published_month",
    "source_url",
    "content_type",
    "attachment_of",
)


@dataclass(frozen=True)
class IndexNames:
    """Every name derived from the configured prefix (``stiwatch`` by default)."""

    prefix: str

    @property
    def base(self) -> str:
        return f"{self.prefix}-articles"

    @property
    def read_alias(self) -> str:
        """What searches (and Kibana's data view) use."""
        return self.base

    @property
    def write_alias(self) -> str:
        return f"{self.base}-write"

    @property
    def template(self) -> str:
        return self.base

    @property
    def pattern(self) -> str:
        return f"{self.base}-v*"

    def version_index(self, version: int) -> str:
        return f"{self.base}-v{version:06d}"

    def version_of(self, index: str) -> int | None:
        """The version number in a versioned index name, or None for other names."""
        head = f"{self.base}-v"
        if not index.startswith(head) or not index[len(head) :].isdigit():
            return None
        return int(index[len(head) :])


def _text(analyzer: str) -> dict[str, Any]:
    return {"type": "text", "analyzer": analyzer}


def _written_text() -> dict[str, Any]:
    """Text as written, with a subfield per language analysis."""
    return {
        "type": "text",
        "analyzer": "standard",
        "fields": {
            "thai": _text("thai"),
            "english": _text("english"),
            "folded": _text("stiwatch_folded"),
        },
    }


def index_settings() -> dict[str, Any]:
    return {
        "number_of_shards": 1,
        "analysis": {
            "analyzer": {
                # Tokens come from stiwatch.core.analysis already: only split on spaces.
                "stiwatch_tokens": {"type": "custom", "tokenizer": "whitespace"},
                # Vietnamese without diacritics (đ → d) for analysts' own queries.
                "stiwatch_folded": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                },
            }
        },
    }


def template_meta() -> dict[str, Any]:
    """The ``_meta`` of an index created from the template (versions, concept fingerprint)."""
    return {**INDEX_META, CONCEPTS_META: fingerprint()}


def index_mappings() -> dict[str, Any]:
    properties: dict[str, Any] = {name: {"type": "keyword"} for name in KEYWORD_FIELDS}
    properties["url"] = {"type": "keyword", "ignore_above": 2048}
    properties["source_url"] = {"type": "keyword", "ignore_above": 2048}
    properties["attachment_of"] = {"type": "keyword", "ignore_above": 2048}
    properties.update(
        {
            "published": {"type": "date"},
            # Local (+07:00 unless the page said otherwise) calendar day as YYYYMMDD:
            # since/until filter on the day the article carries, not on UTC.
            "published_day": {"type": "integer"},
            "fetched_at": {"type": "date"},
            "text_chars": {"type": "integer"},
            "title": _written_text(),
            "text": _written_text(),
            "translations": {
                "properties": {
                    lang: {
                        "properties": {
                            "title": _text(analyzer),
                            "text": _text(analyzer),
                        }
                    }
                    for lang, analyzer in (("en", "english"), ("th", "thai"), ("vi", "stiwatch_folded"))
                }
            },
            "tok": {
                "properties": {
                    "title": _text("stiwatch_tokens"),
                    "title_f": _text("stiwatch_tokens"),
                    "text": _text("stiwatch_tokens"),
                    "text_f": _text("stiwatch_tokens"),
                    # Pairs only boost ranking: frequencies suffice, no positions.
                    "pairs": {**_text("stiwatch_tokens"), "index_options": "freqs"},
                }
            },
            "record": {"type": "object", "enabled": False},
        }
    )
    return {
        "dynamic": "strict",
        "_meta": template_meta(),
        # Token fields are rebuilt from `record` on reindex; no need to keep them twice.
        "_source": {"excludes": ["tok.*"]},
        "properties": properties,
    }


def index_template(names: IndexNames) -> dict[str, Any]:
    """The body of ``PUT _index_template/<names.template>``."""
    return {
        "index_patterns": [names.pattern],
        "priority": 200,
        "version": MAPPING_VERSION,
        "_meta": {"description": "stiwatch articles", **template_meta()},
        "template": {"settings": index_settings(), "mappings": index_mappings()},
    }
