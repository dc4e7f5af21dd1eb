"""ElasticsearchBackend: the search backend protocol on an Elasticsearch 8/9 cluster.

Records are written through the write alias and read through the read alias
(indices.py). Each document carries the whole record, so a hit is returned as
it was written, and the tokens of stiwatch.core.analysis, so queries mean the same as
on the embedded backend (query.py). Failures become :class:`BackendUnavailable`
with one line naming the URL and the cause; an upsert that stores only part of
a batch raises :class:`UpsertFailed` with the refused records, which the store
pipeline spools.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from elasticsearch import Elasticsearch

from stiwatch.core.analysis import ANALYSIS_VERSION
from stiwatch.core.tokencache import TokenCache
from stiwatch.search.aggregation import Aggregated, normalise
from stiwatch.search.backend import BackendUnavailable, SearchQuery, SearchResult, UpsertFailed
from stiwatch.search.concepts import fingerprint
from stiwatch.search.elasticsearch import bulk, indices
from stiwatch.search.elasticsearch.client import (
    REQUEST_ERRORS,
    ElasticsearchSettings,
    describe_error,
    make_client,
)
from stiwatch.search.elasticsearch.documents import make_document
from stiwatch.search.elasticsearch.mappings import CONCEPTS_META, MAPPING_VERSION, IndexNames
from stiwatch.search.elasticsearch.query import build_query, facet_counts, search_body
from stiwatch.search.elasticsearch.reindex import rebuild
from stiwatch.search.elasticsearch.scan import iter_fetched_since, iter_index
from stiwatch.search.highlight import highlights_for
from stiwatch.search.records import text_parts
from stiwatch.search.tiers import Tier, search_in_tiers

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Seconds between two reads of the searched index's concept fingerprint.
CONCEPTS_RECHECK_S = 30.0


class ElasticsearchBackend:
    """The production backend.

    Args:
        settings: the ``[elasticsearch]`` configuration.
        retry_backoff: seconds before the first retry of pushed-back bulk items
            (doubled each time).
        tokens: analysed text already known (stiwatch.core.tokencache), so that a
            re-crawl or a reindex does not segment the same text again.
    """

    name = "elasticsearch"

    def __init__(
        self,
        settings: ElasticsearchSettings,
        *,
        retry_backoff: float = 0.5,
        tokens: TokenCache | None = None,
    ) -> None:
        self.settings = settings
        self.tokens = tokens
        self.names = IndexNames(settings.index_prefix)
        self.retry_backoff = retry_backoff
        self.client: Elasticsearch = make_client(settings)
        self._dirty = False
        self._call("connecting", self.client.info)
        index = self._call("preparing the index", lambda: indices.ensure_index(self.client, self.names))
        self._warn_if_outdated(index)
        # (when read, whether the searched index holds the running concept keys)
        self._concepts_seen: tuple[float, bool] | None = None
        self._stale_warned = False

    # -- plumbing -------------------------------------------------------------------

    def _call(self, doing: str, func: Callable[[], T]) -> T:
        """Run one request; any transport or API error becomes BackendUnavailable."""
        try:
            return func()
        except REQUEST_ERRORS as exc:
            raise BackendUnavailable(describe_error(self.settings, exc, doing)) from None

    def _warn_if_outdated(self, index: str) -> None:
        meta = self._call("reading the mapping", lambda: indices.index_meta(self.client, index))
        built = (meta.get("stiwatch_mapping"), meta.get("stiwatch_analysis"))
        if built[0] != MAPPING_VERSION and built[1] == ANALYSIS_VERSION:
            # Fields added since (the mentions of each facet): the index takes them in
            # place, so that writes of new records are not refused by the strict mapping.
            try:
                indices.add_new_fields(self.client, index)
                built = (MAPPING_VERSION, ANALYSIS_VERSION)
                logger.info(
                    "added the new fields of mapping %(v)s to %(index)s",
                    {"v": MAPPING_VERSION, "index": index},
                )
            except REQUEST_ERRORS as exc:
                logger.warning(
                    "could not add the new fields to %(index)s: %(exc)s", {"index": index, "exc": exc}
                )
        if built != (MAPPING_VERSION, ANALYSIS_VERSION):
            logger.warning(
                "Elasticsearch index %(index)s was built with mapping/analysis %(built)s, this "
                "version uses %(now)s: run `stiwatch reindex` so searches match new text the same way",
                {"index": index, "built": built, "now": (MAPPING_VERSION, ANALYSIS_VERSION)},
            )

    @property
    def concepts_indexed(self) -> bool:
        """Whether the index searched holds the running taxonomy's concept keys (its
        ``_meta`` has the running fingerprint), so that concepts are looked up by key;
        else they are expanded (slower, same results) and a warning, once, asks for
        `stiwatch reindex`. Read again every CONCEPTS_RECHECK_S seconds: another process
        may have reindexed."""
        now = time.monotonic()
        if self._concepts_seen is not None and now - self._concepts_seen[0] < CONCEPTS_RECHECK_S:
            return self._concepts_seen[1]
        metas = self._call(
            "reading the mapping",
            lambda: [
                indices.index_meta(self.client, index)
                for index in indices.alias_targets(self.client, self.names.read_alias)
            ],
        )
        built = {str(meta.get(CONCEPTS_META)) for meta in metas}
        fresh = built == {fingerprint()}
        self._concepts_seen = (now, fresh)
        if not fresh and not self._stale_warned:
            self._stale_warned = True
            logger.warning(
                "Elasticsearch index %(alias)s was built with another taxonomy (concepts %(built)s, "
                "now %(now)s): searches expand concepts at query time, which is slower, until "
                "`stiwatch reindex`",
                {"alias": self.names.read_alias, "built": ", ".join(sorted(built)), "now": fingerprint()},
            )
        return fresh

    def _write(self, actions: Iterable[bulk.Action]) -> bulk.BulkOutcome:
        return bulk.write(
            self.client,
            actions,
            retries=self.settings.retries,
            backoff=self.retry_backoff,
        )

    # -- writing --------------------------------------------------------------------

    def upsert(self, records: Iterable[dict[str, Any]]) -> int:
        """Index or replace records by id (idempotent); visible after commit().

        Raises:
            UpsertFailed: some or all records were not stored; ``failed`` holds them.
        """
        batch = list(records)
        if not batch:
            return 0
        for record in batch:
            if not record.get("id"):
                raise ValueError(f"record without an id: {record.get('url')!r}")
        kept: list[dict[str, Any]] = []
        refused: list[dict[str, Any]] = []

        def actions() -> Iterator[bulk.Action]:
            # Drawn by the bulk writer as it fills each request, so that the next
            # request's documents are built while the cluster indexes the last one.
            for start in range(0, len(batch), bulk.MAX_REQUEST_ITEMS):
                piece = batch[start : start + bulk.MAX_REQUEST_ITEMS]
                known = self.known_tokens(piece)
                for record in piece:
                    try:
                        doc = make_document(record, known)
                    except (TypeError, ValueError) as exc:
                        logger.error(
                            "cannot index article %(id)s: %(error)s", {"id": record["id"], "error": exc}
                        )
                        refused.append(record)
                        continue
                    kept.append(record)
                    yield bulk.Action("index", self.names.write_alias, str(record["id"]), doc)

        try:
            outcome = self._write(actions())
        except REQUEST_ERRORS as exc:
            message = describe_error(self.settings, exc, f"writing {len(batch)} articles")
            raise UpsertFailed(message, batch, 0, unreachable=True) from None
        self._dirty = self._dirty or bool(outcome.succeeded)
        refused.extend(kept[p] for p in sorted(outcome.failed))
        written = len(outcome.succeeded)
        if refused:
            reasons = sorted({reason for _, reason in outcome.failed.values()})
            first = reasons[0] if reasons else "the document could not be built"
            raise UpsertFailed(
                f"Elasticsearch at {self.settings.display_url} refused {len(refused)} of "
                f"{len(batch)} articles: {first}",
                refused,
                written,
            )
        return written

    def known_tokens(self, records: list[dict[str, Any]]) -> dict[str, str] | None:
        """The tokens of every text of ``records`` from the cache (None without one)."""
        if self.tokens is None:
            return None
        try:
            return self.tokens.lookup(text_parts(records))
        except (TypeError, AttributeError):
            return None  # a malformed record: make_document reports it

    def delete(self, article_ids: Iterable[str]) -> int:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return 0
        # Every index behind either alias: during a reindex they differ.
        targets = self._call(
            "finding the indices",
            lambda: sorted(
                set(indices.alias_targets(self.client, self.names.read_alias))
                | set(indices.alias_targets(self.client, self.names.write_alias))
            ),
        )
        actions = [bulk.Action("delete", index, i) for index in targets for i in ids]
        outcome = self._call("deleting articles", lambda: self._write(actions))
        if outcome.failed:
            status, reason = next(iter(outcome.failed.values()))
            raise BackendUnavailable(
                f"Elasticsearch at {self.settings.display_url} refused to delete "
                f"{len(outcome.failed)} articles: HTTP {status}: {reason}"
            )
        self._dirty = True
        deleted = {ids[p % len(ids)] for p, result in outcome.results.items() if result == "deleted"}
        return len(deleted)

    # An acknowledged bulk item is in the translog, and the index refreshes itself every
    # second: a refresh per batch only costs the cluster work (and small segments).
    durable_upserts = True

    def commit(self) -> None:
        """Refresh, so that what was written is searchable now."""
        if self._dirty:
            self._call("refreshing", lambda: self.client.indices.refresh(index=self.names.write_alias))
            self._dirty = False

    def reindex(self, records: Iterable[dict[str, Any]] | None = None) -> int:
        """Build a new index version and swap the aliases to it (no downtime).

        Args:
            records: what to index; by default, every record of the current index.
        """
        self.commit()
        copied = rebuild(self, records)
        self._concepts_seen = None  # the new index's fingerprint is read at the next search
        return copied

    # -- reading --------------------------------------------------------------------

    def get(self, article_id: str) -> dict[str, Any] | None:
        found = self.get_many([article_id])
        return found[0] if found else None

    def get_many(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        """Records in the order of ``article_ids``; unknown ids are skipped."""
        ids = list(article_ids)
        if not ids:
            return []
        unique = list(dict.fromkeys(ids))
        response = self._call(
            "reading articles",
            lambda: self.client.mget(index=self.names.read_alias, ids=unique, source=["record"]),
        )
        found = {
            doc["_id"]: doc["_source"]["record"]
            for doc in response["docs"]
            if doc.get("found") and "record" in doc.get("_source", {})
        }
        return [found[i] for i in ids if i in found]

    def count(self) -> int:
        response = self._call("counting articles", lambda: self.client.count(index=self.names.read_alias))
        return int(response["count"])

    def iter_records(self) -> Iterator[dict[str, Any]]:
        """Every record, in id order (search_after on the id keyword)."""
        return iter_index(self.client, self.settings, self.names.read_alias)

    def fetched_since(self, since: datetime) -> list[dict[str, Any]]:
        """Records first seen at or after ``since`` (or with no ``fetched_at``), in the order of
        a date-sorted search (newest published first, undated last, ties by id)."""
        return list(iter_fetched_since(self.client, self.settings, self.names.read_alias, since))

    def search(self, query: SearchQuery) -> SearchResult:
        """Hits in rank order, the full match count and facet counts (all filters applied).

        With ``query.collapse`` the hits are one per story (its best-ranked article),
        ``total`` counts stories, each hit carries ``versions`` (the ids of the
        story's other articles) and facet counts still count articles. Full matches
        come before partial ones (stiwatch.search.tiers).
        """
        return search_in_tiers(query, self._search_tier)

    def _search_tier(self, query: SearchQuery, tier: Tier, skip_stories: tuple[str, ...]) -> SearchResult:
        body = search_body(query, tier, skip_stories, concepts=self.concepts_indexed)
        if query.collapse:
            body["collapse"] = {"field": "story_id"}
            # Cardinality is exact below its precision threshold (40,000 stories).
            body.setdefault("aggs", {})["_stories"] = {
                "cardinality": {"field": "story_id", "precision_threshold": 40_000}
            }
        response = self._call("searching", lambda: self.client.search(index=self.names.read_alias, body=body))
        hits = [h["_source"]["record"] for h in response["hits"]["hits"] if "record" in h.get("_source", {})]
        aggs = response.get("aggregations", {}) or {}
        total = int(response["hits"]["total"]["value"])
        if query.collapse:
            total = int(aggs.get("_stories", {}).get("value", total))
            versions = self.story_versions_many([str(h.get("story_id") or h["id"]) for h in hits])
            for hit in hits:
                story = str(hit.get("story_id") or hit["id"])
                hit["versions"] = [v for v in versions.get(story, []) if v != hit["id"]]
        facets = facet_counts(aggs, query.facets, query.facet_size) if query.facets else {}
        highlights: dict[str, str] = {}
        if query.highlight and query.text:
            highlights = highlights_for(hits, query.text, expand=query.expand)
        return SearchResult(total=total, hits=hits, facets=facets, highlights=highlights)

    def aggregate(self, query: SearchQuery, aggregations: dict[str, Any]) -> Aggregated:
        """Counts over the documents matching ``query`` (see stiwatch.search.aggregation)."""
        matching = build_query(query, concepts=self.concepts_indexed, scored=False)
        body: dict[str, Any] = {"query": matching, "size": 0, "track_total_hits": True}
        if aggregations:
            body["aggs"] = aggregations
        response = self._call(
            "counting articles", lambda: self.client.search(index=self.names.read_alias, body=body)
        )
        total = int(response["hits"]["total"]["value"])
        raw = response.get("aggregations", {}) or {}
        return Aggregated(total=total, aggregations=normalise(aggregations, raw))

    def story_versions(self, story_id: str) -> list[str]:
        """Ids of every stored article of a story (the versions of one news item)."""
        return self.story_versions_many([story_id]).get(story_id, []) if story_id else []

    def story_versions_many(self, story_ids: list[str]) -> dict[str, list[str]]:
        """Story id -> sorted ids of its articles, in one request."""
        stories = [s for s in dict.fromkeys(story_ids) if s]
        if not stories:
            return {}
        body = {
            "query": {"terms": {"story_id": stories}},
            "size": 10_000,
            "_source": False,
            "docvalue_fields": ["id", "story_id"],
            "sort": [{"id": "asc"}],
        }
        response = self._call(
            "reading story versions", lambda: self.client.search(index=self.names.read_alias, body=body)
        )
        out: dict[str, list[str]] = {}
        for hit in response["hits"]["hits"]:
            fields = hit.get("fields", {})
            story = (fields.get("story_id") or [None])[0]
            article = (fields.get("id") or [hit["_id"]])[0]
            if story is not None:
                out.setdefault(str(story), []).append(str(article))
        return {story: sorted(ids) for story, ids in out.items()}

    def close(self) -> None:
        """Refresh pending writes and close the connection pool."""
        try:
            self.commit()
        finally:
            self.client.close()
            if self.tokens is not None:  # the cache is shared: let go of it once
                self.tokens.close()
                self.tokens = None

    def __enter__(self) -> ElasticsearchBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
