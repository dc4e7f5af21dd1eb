"""The Elasticsearch search backend (Elasticsearch 8 and 9, client 8.x)."""

from stiwatch.search.elasticsearch.backend import ElasticsearchBackend
from stiwatch.search.elasticsearch.client import ElasticsearchSettings

__all__ = ["ElasticsearchBackend", "ElasticsearchSettings"]
