"""The Elasticsearch search backend (Elasticsearch 8 and 9, client 8.x)."""

from search.elasticsearch.backend import ElasticsearchBackend
from search.elasticsearch.client import ElasticsearchSettings

__all__ = ["ElasticsearchBackend", "ElasticsearchSettings"]
