"""Index lifecycle: the template, versioned indices and the read/write aliases.

Layout for prefix ``stiwatch``::

    _index_template/stiwatch-articles     settings + mappings for stiwatch-articles-v*
    stiwatch-articles-v000001             a versioned index
    stiwatch-articles        (alias)      searches read here (and Kibana)
    stiwatch-articles-write  (alias)      writes go here

A reindex builds the next version and moves the aliases in one ``_aliases`` call,
so searches never see a missing or half-built index (see reindex.py).
"""

from __future__ import annotations

import logging
from typing import Any

from elasticsearch import Elasticsearch

from stiwatch.search.elasticsearch.mappings import (
    CONCEPTS_META,
    INDEX_META,
    MAPPING_VERSION,
    IndexNames,
    index_mappings,
    index_template,
    template_meta,
)

logger = logging.getLogger(__name__)


def ensure_template(client: Elasticsearch, names: IndexNames) -> None:
    """Install the index template unless the same version, with the running concept
    fingerprint, is there already (a new index says which concept keys it holds)."""
    found = client.options(ignore_status=404).indices.get_index_template(name=names.template)
    templates = found.body.get("index_templates", []) if isinstance(found.body, dict) else []
    template = templates[0].get("index_template", {}) if templates else {}
    meta = template.get("template", {}).get("mappings", {}).get("_meta", {})
    if (
        template.get("version") == MAPPING_VERSION
        and meta.get(CONCEPTS_META) == template_meta()[CONCEPTS_META]
    ):
        return
    client.indices.put_index_template(name=names.template, **index_template(names))


def alias_targets(client: Elasticsearch, alias: str) -> list[str]:
    """Indices behind ``alias`` (empty when the alias does not exist)."""
    found = client.options(ignore_status=404).indices.get_alias(name=alias)
    if found.meta.status == 404 or not isinstance(found.body, dict):
        return []
    return sorted(index for index, data in found.body.items() if alias in data.get("aliases", {}))


def versioned_indices(client: Elasticsearch, names: IndexNames) -> list[str]:
    found = client.options(ignore_status=404).indices.get(index=names.pattern)
    body = found.body if isinstance(found.body, dict) else {}
    return sorted(index for index in body if names.version_of(index) is not None)


def next_index(client: Elasticsearch, names: IndexNames) -> str:
    versions = [names.version_of(i) or 0 for i in versioned_indices(client, names)]
    return names.version_index(max(versions, default=0) + 1)


def create_index(client: Elasticsearch, index: str, aliases: dict[str, Any] | None = None) -> None:
    """Create ``index`` from the template (settings and mappings come from it)."""
    client.indices.create(index=index, aliases=aliases or {})


def ensure_index(client: Elasticsearch, names: IndexNames) -> str:
    """The index behind the read alias, creating the first version when there is none."""
    ensure_template(client, names)
    current = alias_targets(client, names.read_alias)
    if current:
        if not alias_targets(client, names.write_alias):
            # An interrupted swap or a hand edit: writes follow reads.
            client.indices.update_aliases(
                actions=[{"add": {"index": current[-1], "alias": names.write_alias, "is_write_index": True}}]
            )
        return current[-1]
    index = next_index(client, names)
    # Another worker may have made the first version since the alias was read (an index
    # and its aliases are created in one step): use it rather than add a second version.
    current = alias_targets(client, names.read_alias)
    if current:
        return current[-1]
    result = client.options(ignore_status=400).indices.create(
        index=index,
        aliases={names.read_alias: {}, names.write_alias: {"is_write_index": True}},
    )
    if result.meta.status == 400:
        error = result.body.get("error", {}) if isinstance(result.body, dict) else {}
        if error.get("type") != "resource_already_exists_exception":
            client.indices.create(index=index)  # raises the real error
        # Another process created it first: use theirs.
        current = alias_targets(client, names.read_alias)
        return current[-1] if current else index
    logger.info("created Elasticsearch index %(index)s", {"index": index})
    return index


def index_meta(client: Elasticsearch, index: str) -> dict[str, Any]:
    """The ``_meta`` of ``index``'s mapping (mapping and analysis versions)."""
    mapping = client.indices.get_mapping(index=index)
    body = mapping.body.get(index, {}) if isinstance(mapping.body, dict) else {}
    meta = body.get("mappings", {}).get("_meta", {})
    return meta if isinstance(meta, dict) else {}


def move_aliases(client: Elasticsearch, names: IndexNames, new: str, *, read: bool) -> list[str]:
    """Point the write alias (and, when ``read``, the read alias) at ``new`` in one call.

    Returns the indices the moved aliases pointed at before.
    """
    actions: list[dict[str, Any]] = []
    before: set[str] = set()
    for alias in [names.write_alias, names.read_alias] if read else [names.write_alias]:
        for index in alias_targets(client, alias):
            before.add(index)
            if index != new:
                actions.append({"remove": {"index": index, "alias": alias}})
        extra = {"is_write_index": True} if alias == names.write_alias else {}
        actions.append({"add": {"index": new, "alias": alias, **extra}})
    client.indices.update_aliases(actions=actions)
    return sorted(before - {new})


def add_new_fields(client: Elasticsearch, index: str) -> None:
    """Give an index built by an older mapping the fields added since (new fields only:
    Elasticsearch refuses a change to an existing one, and then a reindex is needed).
    Its documents have no concept keys: the ``_meta`` says so (in so many words, as a
    server may merge a new ``_meta`` into the old one rather than replace it)."""
    mappings = index_mappings()
    meta = {**INDEX_META, CONCEPTS_META: "none"}
    client.indices.put_mapping(index=index, properties=mappings["properties"], meta=meta)
